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

    public ColdStop(float threshold, int patience) {
        if (patience < 1) throw new IllegalArgumentException("Cold Stop patience must be >= 1, got " + patience);
        this.threshold = threshold;
        this.patience = patience;
    }

    public static ColdStop of(SoftThinkingConfig config) {
        return new ColdStop(config.coldStopEntropy(), config.coldStopPatience());
    }

    /** Records one step's entropy (nats); true exactly at the patience-th consecutive step with H &lt; τ. */
    public boolean step(float entropy) {
        if (threshold <= 0f) return false;
        lowEntropySteps = entropy < threshold ? lowEntropySteps + 1 : 0;
        if (lowEntropySteps >= patience) {
            lowEntropySteps = 0; // the reference resets it after forcing </think>
            return true;
        }
        return false;
    }

    public int lowEntropySteps() {
        return lowEntropySteps;
    }

    public boolean enabled() {
        return threshold > 0f;
    }
}
