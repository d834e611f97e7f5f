package dev.latentj.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Aggregates a mode's runs into its {@link ModeResult}.
 *
 * <ul>
 *   <li>accuracy: correct / n for one run; the mean pass@1 over K runs. A failed problem counts as wrong.</li>
 *   <li>failed: problems that could not run, over every run.</li>
 *   <li>mean_reasoning_positions, mean_answer_tokens, latency percentiles: over every generation of every run
 *       that ran, failed problems left out (answer tokens over those whose runner counted them).</li>
 *   <li>latency p50/p95: nearest rank, the smallest latency that at least p% of generations do not exceed;
 *       always an observed value, no interpolation; null when no problem ran.</li>
 *   <li>problems_per_s: generations that ran / wall time of the mode, first batch start to last batch end.</li>
 * </ul>
 */
final class Metrics {
    private Metrics() {}

    /** @param runs one list per sample run, each with one outcome per problem */
    static ModeResult aggregate(int n, List<List<Outcome>> runs, long wallNanos) {
        int k = runs.size();
        double sumAccuracy = 0;
        boolean[] anyCorrect = new boolean[n];
        List<Outcome> all = new ArrayList<>();
        for (List<Outcome> run : runs) {
            int correct = 0;
            for (int i = 0; i < run.size(); i++) {
                if (run.get(i).prediction().correct()) {
                    correct++;
                    anyCorrect[i] = true;
                }
            }
            sumAccuracy += (double) correct / n;
            all.addAll(run);
        }
        double meanPass1 = sumAccuracy / k;
        List<Outcome> ran = all.stream().filter(o -> !o.prediction().failed()).toList();
        int failed = all.size() - ran.size();
        double[] latencies = ran.stream().mapToDouble(Outcome::latencyMs).sorted().toArray();
        Double p50 = latencies.length == 0 ? null : percentile(latencies, 50);
        Double p95 = latencies.length == 0 ? null : percentile(latencies, 95);
        double positions = ran.stream().mapToInt(Outcome::reasoningPositions).average().orElse(0);
        double perSecond = ran.size() / (Math.max(wallNanos, 1) / 1e9);
        List<ScoredPrediction> predictions = all.stream().map(Outcome::prediction).toList();
        OptionalDouble answerTokens = predictions.stream().map(ScoredPrediction::answerTokens)
                .filter(Objects::nonNull).mapToInt(Integer::intValue).average();
        Double meanAnswerTokens = answerTokens.isPresent() ? answerTokens.getAsDouble() : null;
        if (k == 1) {
            return new ModeResult(n, meanPass1, failed, positions, p50, p95, perSecond, null, null, null, meanAnswerTokens, predictions);
        }
        double passAtK = (double) count(anyCorrect) / n;
        return new ModeResult(n, meanPass1, failed, positions, p50, p95, perSecond, k, passAtK, meanPass1, meanAnswerTokens, predictions);
    }

    /** Nearest-rank percentile of sorted values: the ceil(p/100 * N)-th smallest. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) throw new IllegalArgumentException("no values");
        if (!isSorted(sorted)) throw new IllegalArgumentException("values must be sorted");
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank, 1, sorted.length) - 1];
    }

    private static boolean isSorted(double[] v) {
        for (int i = 1; i < v.length; i++) if (v[i - 1] > v[i]) return false;
        return true;
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) if (f) c++;
        return c;
    }
}
