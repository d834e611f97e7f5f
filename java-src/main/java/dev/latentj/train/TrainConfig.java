package dev.latentj.train;

import dev.latentj.params.Param;

/**
 * How one CODI training run goes (the flags of {@code latentj train codi}). Defaults follow CODI's GPT-2
 * recipe where it has one.
 *
 * @param lr          the peak learning rate
 * @param warmupRatio the share of the steps that warm the learning rate up from 0
 * @param schedule    what follows the warm-up
 * @param weightDecay AdamW's decoupled weight decay
 * @param beta1       AdamW's first moment decay
 * @param beta2       AdamW's second moment decay
 * @param eps         AdamW's epsilon
 * @param batch       examples per micro-batch
 * @param gradAccum   micro-batches per optimiser step, each weighted 1 / gradAccum
 * @param epochs      passes over the data, used when {@code steps} is 0
 * @param steps       optimiser steps (0: from epochs)
 * @param maxGradNorm clip the global gradient norm to this (0: no clipping), as clip_grad_norm_
 * @param seed        the data order's seed
 * @param shuffle     a seeded permutation per epoch; false: file order
 */
public record TrainConfig(double lr, float warmupRatio, LrSchedule.Kind schedule, float weightDecay, float maxGradNorm,
                          float beta1, float beta2, float eps, int batch, int gradAccum, int epochs, long steps,
                          long seed, boolean shuffle) {

    /** Checks the ranges of {@link Param}, the CLI's own. */
    public TrainConfig {
        Param.LR.check(lr);
        Param.WARMUP_RATIO.check(warmupRatio);
        Param.WEIGHT_DECAY.check(weightDecay);
        Param.MAX_GRAD_NORM.check(maxGradNorm);
        Param.BATCH.check(batch);
        Param.GRAD_ACCUM.check(gradAccum);
        Param.EPOCHS.check(epochs);
        Param.STEPS.check((double) steps);
    }

    /** {@return CODI's GPT-2 recipe where it has one: lr 3e-3, 3% warm-up, cosine, wd 0.1, clipping 2, batch 8} */
    public static TrainConfig defaults() {
        return new TrainConfig(3e-3, 0.03f, LrSchedule.Kind.COSINE, 0.1f, 2.0f, 0.9f, 0.999f, 1e-8f, 8, 1, 1, 0, 42, true);
    }

    /** {@return examples per optimiser step} */
    public long perStep() { return (long) batch * gradAccum; }

    /**
     * {@return the optimiser steps of a run}
     *
     * @param n the training examples
     */
    public long totalSteps(long n) {
        return steps > 0 ? steps : Math.max(1, Math.ceilDiv(n * epochs, perStep()));
    }
}
