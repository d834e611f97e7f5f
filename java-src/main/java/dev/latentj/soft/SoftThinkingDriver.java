package dev.latentj.soft;

import dev.latentj.sampling.TopK;

/**
 * The engine side of {@link SoftThinkingLoop}: feeds one input at the sequence's next position and returns the
 * reduction of the logits that follow, as the {@link Readout} asks. Implementations own the session, positions
 * and KV cache; the loop only decides what to feed.
 */
public interface SoftThinkingDriver {

    /**
     * Feeds the mixture Σ w_i E[ids_i] (a {@code Row.Mixture}).
     *
     * @param concept the concept token
     * @param next    how to reduce the logits after it
     * @return the readout of the logits after it
     */
    TopK feedMixture(ConceptToken concept, Readout next);

    /**
     * Feeds plain tokens in order (the think-end, answer tokens).
     *
     * @param ids  the tokens, at least one
     * @param next how to reduce the logits after the last
     * @return the readout after the last
     */
    TopK feedTokens(int[] ids, Readout next);

    /**
     * Feeds one plain token.
     *
     * @param id   the token
     * @param next how to reduce the logits after it
     * @return the readout after it
     */
    default TopK feedToken(int id, Readout next) {
        return feedTokens(new int[] {id}, next);
    }
}
