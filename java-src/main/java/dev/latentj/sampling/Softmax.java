package dev.latentj.sampling;

/**
 * softmax(logits / T) over the first {@code vocabLimit} logits, in double, and its entropy.
 * The CPU reference for what the device reduces to a {@link TopK}.
 */
public final class Softmax {

    private Softmax() {}

    /**
     * {@return the number of logits that take part}
     *
     * @param logits     one row of logits
     * @param vocabLimit ids at or above it take no part (CODI decodes over the base vocabulary, without its added
     *                   tokens); &lt;= 0 for all of them
     */
    public static int support(float[] logits, int vocabLimit) {
        return vocabLimit > 0 ? Math.min(vocabLimit, logits.length) : logits.length;
    }

    /**
     * Probabilities of softmax(logits / T) over ids below {@code vocabLimit}. T &lt;= 0 is the limit T -> 0: one-hot
     * at the argmax (ties to the lowest id, as torch.argmax).
     *
     * @param logits      one row of logits
     * @param temperature T
     * @param vocabLimit  see {@link #support}
     * @return one probability per id that takes part (see {@link #support}), summing to 1
     * @throws IllegalArgumentException when no logit takes part
     */
    public static double[] probs(float[] logits, float temperature, int vocabLimit) {
        int n = support(logits, vocabLimit);
        if (n == 0) throw new IllegalArgumentException("softmax over an empty vocabulary");
        double[] p = new double[n];
        if (temperature <= 0f) {
            p[argmax(logits, n)] = 1.0;
            return p;
        }
        double max = logits[argmax(logits, n)];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            // shifted by the max so the largest term is exp(0) = 1: no overflow, and with a tiny T every other
            // term underflows to exactly 0, which makes the T -> 0 limit one-hot without special cases
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) p[i] /= sum;
        return p;
    }

    /**
     * {@return the entropy in nats, with 0·log 0 = 0} Soft Thinking clamps p at 1e-12 inside the log, which is the
     * same.
     *
     * @param p a probability distribution
     */
    public static double entropy(double[] p) {
        double h = 0;
        for (double pi : p) {
            if (pi > 0) h -= pi * Math.log(pi);
        }
        return Math.max(0, h);
    }

    /**
     * {@return the index of the largest of the first n logits} Ties go to the lowest index (torch.argmax).
     *
     * @param logits one row of logits
     * @param n      how many of them to search, at least 1
     */
    public static int argmax(float[] logits, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (logits[i] > logits[best]) best = i;
        }
        return best;
    }
}
