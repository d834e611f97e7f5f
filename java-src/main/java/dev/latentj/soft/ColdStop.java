package dev.latentj.soft;

/**
 * Cold Stop (Soft Thinking, docs/methods.md §2.2): when the entropy H of the full temperature-scaled distribution stays
 * below τ for {@code patience} consecutive thinking steps, the model is confident, so thinking ends by force.
 * A step with H &gt;= τ resets the count; τ &lt;= 0 disables it, as in the reference code.
 */
public final class ColdStop {

    private final float threshold;
    private final int patience;
    private int lowEntropySteps;

    /**
     * A counter at zero. Not thread-safe: one per sequence.
     *
     * @param threshold τ, in nats; &lt;= 0 disables Cold Stop
     * @param patience  consecutive low-entropy steps that end thinking, at least 1
     * @throws IllegalArgumentException if {@code patience} &lt; 1
     */
    public ColdStop(float threshold, int patience) {
        if (patience < 1) throw new IllegalArgumentException("Cold Stop patience must be >= 1, got " + patience);
        this.threshold = threshold;
        this.patience = patience;
    }

    /**
     * {@return a counter with the config's threshold and patience}
     *
     * @param config the thinking configuration
     */
    public static ColdStop of(SoftThinkingConfig config) {
        return new ColdStop(config.coldStopEntropy(), config.coldStopPatience());
    }

    /**
     * Records one step's entropy; the count restarts after it fires.
     *
     * @param entropy H of the step's full temperature-scaled distribution, in nats
     * @return true exactly at the patience-th consecutive step with H &lt; τ; never when disabled
     */
    public boolean step(float entropy) {
        if (threshold <= 0f) return false;
        lowEntropySteps = entropy < threshold ? lowEntropySteps + 1 : 0;
        if (lowEntropySteps >= patience) {
            lowEntropySteps = 0; // the reference resets it after forcing </think>
            return true;
        }
        return false;
    }

    /** {@return the current run of consecutive steps with H &lt; τ, 0 to patience - 1 between steps} */
    public int lowEntropySteps() {
        return lowEntropySteps;
    }

    /** {@return whether τ &gt; 0, so that {@link #step} can end thinking} */
    public boolean enabled() {
        return threshold > 0f;
    }
}
