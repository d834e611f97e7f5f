package dev.latentj.sampling;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The device-side reduction of one decoded row: the K most probable ids of softmax(logits / T) over the full
 * (possibly vocabulary-limited) distribution, their probabilities sorted descending and <em>not</em> renormalised,
 * and the entropy H in nats of that full distribution (Cold Stop reads it).
 *
 * <p>The arrays are not copied; treat them as read-only.
 *
 * @param ids     the K token ids, most probable first
 * @param probs   their probabilities in the full distribution, descending
 * @param entropy H of the full distribution, in nats
 */
public record TopK(int[] ids, float[] probs, float entropy) {

    /** The largest K the device returns (docs/methods.md §4: only K ids and weights cross to Java, K &lt;= 64). */
    public static final int MAX_DEVICE_K = 64;

    /**
     * Checks the shape and the order.
     *
     * @throws IllegalArgumentException when the arrays differ in length, are empty, or probs is not descending
     */
    public TopK {
        if (ids.length != probs.length) {
            throw new IllegalArgumentException("top-k has " + ids.length + " ids but " + probs.length + " probs");
        }
        if (ids.length == 0) throw new IllegalArgumentException("top-k is empty");
        for (int i = 1; i < probs.length; i++) {
            if (probs[i] > probs[i - 1]) {
                throw new IllegalArgumentException("top-k probs not sorted descending at " + i + ": "
                        + probs[i - 1] + " < " + probs[i]);
            }
        }
    }

    /** {@return K, the number of entries} */
    public int size() {
        return ids.length;
    }

    /** {@return the probability mass the K entries hold in the full distribution} 1 when they are the whole support. */
    public double mass() {
        double m = 0;
        for (float p : probs) m += p;
        return m;
    }

    /**
     * The exact CPU counterpart of the device reduction: top-{@code k} of softmax(logits / T) over ids below
     * {@code vocabLimit} (all when &lt;= 0), probabilities and entropy computed in double. Ordered by logit
     * descending, ties to the lowest id. T &lt;= 0 gives the one-hot limit (probability 1 at the argmax, entropy 0).
     *
     * @param logits      one row of logits
     * @param temperature T
     * @param k           how many to keep, at least 1 (fewer when the support is smaller)
     * @param vocabLimit  only ids below it take part; all when &lt;= 0
     * @return the reduction the device would give
     * @throws IllegalArgumentException when k &lt;= 0 or no logit takes part
     */
    public static TopK fromLogits(float[] logits, float temperature, int k, int vocabLimit) {
        if (k <= 0) throw new IllegalArgumentException("k must be positive, got " + k);
        double[] p = Softmax.probs(logits, temperature, vocabLimit);
        int n = p.length;
        int kk = Math.min(k, n);
        // ordered by logit, not by probability: with a small T many probabilities underflow to the same 0
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i))
                .limit(kk).mapToInt(Integer::intValue).toArray();
        float[] probs = new float[kk];
        for (int i = 0; i < kk; i++) probs[i] = (float) p[order[i]];
        return new TopK(order, probs, (float) Softmax.entropy(p));
    }

    @Override
    public String toString() {
        return "TopK[ids=" + Arrays.toString(ids) + ", probs=" + Arrays.toString(probs) + ", H=" + entropy + "]";
    }
}
