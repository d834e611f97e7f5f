package dev.latentj.cli;

import dev.latentj.train.CodiTraining;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The training progress line on stderr: {@code step 120/500  24%  loss 1.234 (ce_s 0.52 ce_t 0.41 kd 0.015)
 * lr 2.9e-03  |g| 1.20  ETA 3:10}. On a terminal one line is rewritten in place; in a log a line is printed
 * every 5% or 30 s.
 */
final class TrainProgress {
    private final PrintWriter out;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private long lastBucket = -1;

    TrainProgress(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    void update(CodiTraining.Step s) {
        long now = System.nanoTime();
        long bucket = s.step() * 20 / s.total();
        boolean last = s.step() == s.total();
        boolean due = interactive ? last || now - lastPrint >= 200_000_000L
                : last || bucket > lastBucket || now - lastPrint >= 30_000_000_000L;
        if (!due) return;
        lastPrint = now;
        lastBucket = bucket;
        double perStep = (now - start) / 1e9 / s.step();
        long eta = Math.round(perStep * (s.total() - s.step()));
        String line = String.format(Locale.ROOT, "step %d/%d %3d%%  loss %.4f (ce_s %.4f ce_t %.4f kd %.4f)  lr %.2e  |g| %.3f  ETA %d:%02d",
                s.step(), s.total(), s.step() * 100 / s.total(), s.loss(), s.ceStudent(), s.ceTeacher(), s.kd(), s.lr(),
                s.gradNorm(), eta / 60, eta % 60);
        if (interactive) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
