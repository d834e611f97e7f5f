package dev.latentj.train;

/**
 * The learning rate of each optimiser step, as Hugging Face's schedulers (CODI trains with them): linear warm-up
 * from 0 over {@code ceil(warmupRatio * total)} steps, then constant or a cosine down to 0 at the last step.
 * Step numbers start at 0, so a warm-up's first step has learning rate 0, as in HF.
 */
public record LrSchedule(Kind kind, double peak, long warmup, long total) {

    public enum Kind { COSINE, CONSTANT }

    public static LrSchedule of(Kind kind, double peak, double warmupRatio, long total) {
        return new LrSchedule(kind, peak, (long) Math.ceil(warmupRatio * total), total);
    }

    public double at(long step) {
        if (step < warmup) return peak * step / Math.max(1, warmup);
        if (kind == Kind.CONSTANT) return peak;
        double progress = (double) (step - warmup) / Math.max(1, total - warmup);
        return peak * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
    }
}
