package dev.latentj.speed;

import java.util.Arrays;

/** The tokens per second of each run of one test; mean and sample standard deviation as llama-bench reports them. */
public record SpeedResult(SpeedTest test, double[] tokensPerSecond) {

    public SpeedResult {
        if (tokensPerSecond.length == 0) throw new IllegalArgumentException(test.name() + ": no runs");
        tokensPerSecond = tokensPerSecond.clone();
    }

    @Override
    public double[] tokensPerSecond() { return tokensPerSecond.clone(); }

    public int runs() { return tokensPerSecond.length; }

    public double mean() { return Arrays.stream(tokensPerSecond).average().orElseThrow(); }

    /** Sample standard deviation (n - 1), 0 for a single run. */
    public double stddev() {
        int n = tokensPerSecond.length;
        if (n < 2) return 0;
        double m = mean(), sq = 0;
        for (double v : tokensPerSecond) sq += (v - m) * (v - m);
        return Math.sqrt(sq / (n - 1));
    }
}
