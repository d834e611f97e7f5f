package dev.latentj.soft;

/**
 * What a {@link SoftThinkingSequence} wants fed next, with the readout it needs back; or that it has finished.
 * A batched engine collects one of these per sequence into the rows of one decode call.
 */
public sealed interface NextInput permits NextInput.Mixture, NextInput.Tokens, NextInput.Finished {

    /**
     * A concept token: one {@code Row.Mixture}.
     *
     * @param concept the mixture to feed
     * @param readout what to read back from its row
     */
    record Mixture(ConceptToken concept, Readout readout) implements NextInput {}

    /**
     * Plain tokens in order (the think-end, an answer token); the readout is of the row after the last.
     *
     * @param ids     the tokens, at least one
     * @param readout what to read back from the last token's row
     */
    record Tokens(int[] ids, Readout readout) implements NextInput {}

    /**
     * Nothing more to feed.
     *
     * @param result the sequence's outcome
     */
    record Finished(SoftThinkingResult result) implements NextInput {}
}
