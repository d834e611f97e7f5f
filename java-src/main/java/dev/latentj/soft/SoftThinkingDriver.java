package dev.latentj.soft;

import dev.latentj.sampling.TopK;

/**
 * The engine side of {@link SoftThinkingLoop}: feeds one input at the sequence's next position and returns the
 * reduction of the logits that follow, as the {@link Readout} asks. Implementations own the session, positions
 * and KV cache; the loop only decides what to feed.
 */
public interface SoftThinkingDriver {

    /** Feeds the mixture Σ w_i E[ids_i] (a {@code Row.Mixture}). */
    TopK feedMixture(ConceptToken concept, Readout next);

    /** Feeds plain tokens in order (the think-end, answer tokens) and returns the readout after the last. */
    TopK feedTokens(int[] ids, Readout next);

    default TopK feedToken(int id, Readout next) {
        return feedTokens(new int[] {id}, next);
    }
}
