package dev.latentj.soft;

import java.util.Arrays;

/**
 * A concept token (Soft Thinking): the next input is the mixture e = Σ w_i E[ids_i] of token embeddings.
 * Weights are positive, sorted descending and sum to 1; ids[0] is the visible thinking token (the top-1, or the
 * Gumbel-argmax when Gumbel noise is on). The arrays are not copied; treat them as read-only.
 *
 * @param ids     token ids, at least one; ids[0] is the visible token
 * @param weights one per id: positive, descending, summing to 1 within 1e-4
 */
public record ConceptToken(int[] ids, float[] weights) {

    /**
     * Checks the weights.
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty, or a weight is not positive, out
     *                                  of order, or the sum is off by more than 1e-4
     */
    public ConceptToken {
        if (ids.length != weights.length) {
            throw new IllegalArgumentException("concept token has " + ids.length + " ids but " + weights.length + " weights");
        }
        if (ids.length == 0) throw new IllegalArgumentException("concept token is empty");
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0f)) throw new IllegalArgumentException("weight " + i + " is " + weights[i] + ", not > 0");
            if (i > 0 && weights[i] > weights[i - 1]) {
                throw new IllegalArgumentException("weights not sorted descending at " + i + ": " + Arrays.toString(weights));
            }
            sum += weights[i];
        }
        if (Math.abs(sum - 1.0) > 1e-4) {
            throw new IllegalArgumentException("weights sum to " + sum + ", not 1: " + Arrays.toString(weights));
        }
    }

    /**
     * {@return a plain token as a mixture: what Soft Thinking feeds for {@code </think>} and in the answer phase}
     *
     * @param id the token id
     */
    public static ConceptToken oneHot(int id) {
        return new ConceptToken(new int[] {id}, new float[] {1f});
    }

    /** {@return the token written to the thinking trace and checked for {@code </think>} and EOS} */
    public int visibleId() {
        return ids[0];
    }

    /** {@return how many tokens the mixture has, at least 1} */
    public int size() {
        return ids.length;
    }

    /** {@return whether the mixture is a single token with weight 1, i.e. a plain token} */
    public boolean isOneHot() {
        return ids.length == 1;
    }

    @Override
    public String toString() {
        return "ConceptToken[ids=" + Arrays.toString(ids) + ", weights=" + Arrays.toString(weights) + "]";
    }
}
