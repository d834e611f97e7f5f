package dev.latentj.train;

/**
 * The learning rate of each optimiser step, as Hugging Face's schedulers (CODI trains with them): linear warm-up
 * from 0 over {@code ceil(warmupRatio * total)} steps, then constant or a cosine down to 0 at the last step.
 * Step numbers start at 0, so a warm-up's first step has learning rate 0, as in HF.
 *
 * @param kind   what follows the warm-up
 * @param peak   the learning rate at the end of the warm-up
 * @param warmup the warm-up's steps
 * @param total  the run's steps
 */
public record LrSchedule(Kind kind, double peak, long warmup, long total) {

    /** What follows the warm-up. */
    public enum Kind {
        /** A half cosine down to 0 at the last step. */
        COSINE,
        /** The peak until the end. */
        CONSTANT
    }

    /**
     * {@return the schedule of a run}
     *
     * @param kind        what follows the warm-up
     * @param peak        the learning rate at the end of the warm-up
     * @param warmupRatio the share of the steps that warm up
     * @param total       the run's steps
     */
    public static LrSchedule of(Kind kind, double peak, double warmupRatio, long total) {
        return new LrSchedule(kind, peak, (long) Math.ceil(warmupRatio * total), total);
    }

    /**
     * {@return the learning rate of a step}
     *
     * @param step the step, counting from 0
     */
    public double at(long step) {
        if (step < warmup) return peak * step / Math.max(1, warmup);
        if (kind == Kind.CONSTANT) return peak;
        double progress = (double) (step - warmup) / Math.max(1, total - warmup);
        return peak * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
    }
}
