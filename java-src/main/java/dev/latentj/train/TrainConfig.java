package dev.latentj.train;

/**
 * How one CODI training run goes (the flags of {@code latentj train codi}). Defaults follow CODI's GPT-2
 * recipe where it has one.
 *
 * @param batch       examples per micro-batch
 * @param gradAccum   micro-batches per optimiser step, each weighted 1 / gradAccum
 * @param epochs      passes over the data, used when {@code steps} is 0
 * @param steps       optimiser steps (0: from epochs)
 * @param maxGradNorm clip the global gradient norm to this (0: no clipping), as clip_grad_norm_
 * @param shuffle     a seeded permutation per epoch; false: file order
 */
public record TrainConfig(double lr, float warmupRatio, LrSchedule.Kind schedule, float weightDecay, float maxGradNorm,
                          float beta1, float beta2, float eps, int batch, int gradAccum, int epochs, long steps,
                          long seed, boolean shuffle) {

    public TrainConfig {
        if (!(lr >= 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("--lr must be a finite number >= 0, got " + lr);
        if (!(warmupRatio >= 0 && warmupRatio <= 1)) throw new IllegalArgumentException("--warmup-ratio must be in [0, 1], got " + warmupRatio);
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) throw new IllegalArgumentException("--weight-decay must be >= 0, got " + weightDecay);
        if (!(maxGradNorm >= 0) || !Float.isFinite(maxGradNorm)) throw new IllegalArgumentException("--max-grad-norm must be >= 0, got " + maxGradNorm);
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        if (gradAccum < 1) throw new IllegalArgumentException("--grad-accum must be >= 1, got " + gradAccum);
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        if (steps < 0) throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
    }

    public static TrainConfig defaults() {
        return new TrainConfig(3e-3, 0.03f, LrSchedule.Kind.COSINE, 0.1f, 2.0f, 0.9f, 0.999f, 1e-8f, 8, 1, 1, 0, 42, true);
    }

    /** Examples per optimiser step. */
    public long perStep() { return (long) batch * gradAccum; }

    /** Optimiser steps for {@code n} examples. */
    public long totalSteps(long n) {
        return steps > 0 ? steps : Math.max(1, Math.ceilDiv(n * epochs, perStep()));
    }
}
