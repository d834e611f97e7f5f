package dev.latentj.serve;

/**
 * What a sequence reads from its output row of a step. The engine reduces one batch with one device setting
 * ({@link Reduction}); a row that wants another is reduced on the CPU from its full logits, so no row ever gets a
 * readout made for another row's settings.
 */
sealed interface Want {

    /** The greedy token over ids below {@code vocabLimit} (0: all). */
    record Argmax(int vocabLimit) implements Want {}

    /** The top-{@code k} of softmax(logits / temperature) over ids below {@code vocabLimit}, with its entropy. */
    record TopK(int k, float temperature, int vocabLimit) implements Want {}

    /** No reduction: the row's hidden state stays on the device for CODI's next latent step. */
    record Hidden() implements Want {}
}
