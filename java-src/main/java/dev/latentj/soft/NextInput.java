package dev.latentj.soft;

/**
 * What a {@link SoftThinkingSequence} wants fed next, with the readout it needs back; or that it has finished.
 * A batched engine collects one of these per sequence into the rows of one decode call.
 */
public sealed interface NextInput permits NextInput.Mixture, NextInput.Tokens, NextInput.Finished {

    /** A concept token: one {@code Row.Mixture}. */
    record Mixture(ConceptToken concept, Readout readout) implements NextInput {}

    /** Plain tokens in order (the think-end, an answer token); the readout is of the row after the last. */
    record Tokens(int[] ids, Readout readout) implements NextInput {}

    /** Nothing more to feed. */
    record Finished(SoftThinkingResult result) implements NextInput {}
}
