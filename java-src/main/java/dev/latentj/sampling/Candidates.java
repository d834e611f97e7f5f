package dev.latentj.sampling;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Token ids with non-negative weights, sorted by weight descending (ties to the lowest id). The working set of
 * every filter: the weights need not sum to 1 until {@link #normalised()}. Immutable; each step returns a copy
 * (at most a few dozen entries on the device path).
 *
 * @param ids   token ids, as many as weights
 * @param probs their weights, sorted descending
 */
public record Candidates(int[] ids, double[] probs) {

    /**
     * Checks the shape only; the order is the caller's promise ({@link #sorted} establishes it).
     *
     * @throws IllegalArgumentException when the arrays differ in length or are empty
     */
    public Candidates {
        if (ids.length != probs.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + probs.length + " probs");
        }
        if (ids.length == 0) throw new IllegalArgumentException("no candidates left");
    }

    /**
     * The candidates of a device step. Zero-probability entries are dropped: they can never be drawn, and keeping
     * them would turn a T -> 0 one-hot into a mixture with zero weights (and Gamma(0) is degenerate).
     *
     * @param step the device's top-K of one row
     * @return its positive entries, sorted
     * @throws IllegalArgumentException when no entry has a positive probability
     */
    public static Candidates of(TopK step) {
        int[] ids = step.ids();
        float[] probs = step.probs();
        int n = 0;
        int[] keptIds = new int[ids.length];
        double[] kept = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (probs[i] > 0f) {
                keptIds[n] = ids[i];
                kept[n++] = probs[i];
            }
        }
        if (n == 0) throw new IllegalArgumentException("top-k has no positive probability: " + step);
        return sorted(Arrays.copyOf(keptIds, n), Arrays.copyOf(kept, n));
    }

    /**
     * Sorts by weight descending, ties to the lowest id (the device gives no tie order).
     *
     * @param ids   token ids; not modified
     * @param probs their weights; not modified
     * @return new candidates in that order
     */
    public static Candidates sorted(int[] ids, double[] probs) {
        int[] order = IntStream.range(0, ids.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -probs[i]).thenComparingInt(i -> ids[i]))
                .mapToInt(Integer::intValue).toArray();
        int[] sortedIds = new int[ids.length];
        double[] sortedProbs = new double[ids.length];
        for (int i = 0; i < order.length; i++) {
            sortedIds[i] = ids[order[i]];
            sortedProbs[i] = probs[order[i]];
        }
        return new Candidates(sortedIds, sortedProbs);
    }

    /** {@return the number of candidates} */
    public int size() {
        return ids.length;
    }

    /** {@return the sum of the weights} It is 1, up to rounding, once {@link #normalised()}. */
    public double total() {
        double s = 0;
        for (double p : probs) s += p;
        return s;
    }

    /**
     * {@return the first n candidates (all of them when n &gt;= size)} Not renormalised.
     *
     * @param n how many to keep, at least 1
     */
    public Candidates prefix(int n) {
        if (n >= ids.length) return this;
        return new Candidates(Arrays.copyOf(ids, n), Arrays.copyOf(probs, n));
    }

    /** {@return the same ids with weights divided by their sum, so they sum to 1} */
    public Candidates normalised() {
        double s = total();
        double[] p = new double[probs.length];
        for (int i = 0; i < p.length; i++) p[i] = probs[i] / s;
        return new Candidates(ids, p);
    }

    /**
     * {@return these candidates without trailing zero weights, keeping at least the first} Noise can underflow a
     * component to 0.
     */
    public Candidates withoutZeros() {
        int n = probs.length;
        while (n > 1 && probs[n - 1] <= 0) n--;
        return prefix(n);
    }

    @Override
    public String toString() {
        return "Candidates[ids=" + Arrays.toString(ids) + ", probs=" + Arrays.toString(probs) + "]";
    }
}
