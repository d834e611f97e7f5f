package dev.latentj.convert;

import dev.latentj.gguf.GgufWriter;

import java.io.IOException;

/**
 * Adds metadata (and possibly tensors) to a file being converted: the tokenizer writer plugs in here
 * (tokenizer.ggml.*), and so does the CODI converter (codi.*). Runs after the model's own keys.
 */
@FunctionalInterface
public interface GgufExtension {
    /**
     * Adds this extension's keys (and tensors).
     *
     * @param writer the file being built, with the model's own keys already in it
     * @param source the model being converted
     * @throws IOException when the extension's own input (e.g. a tokenizer file) cannot be read or does not fit
     */
    void apply(GgufWriter writer, ModelSource source) throws IOException;

    /** Adds nothing. */
    GgufExtension NONE = (w, s) -> {};

    /**
     * {@return an extension that applies this one, then {@code next}}
     *
     * @param next the extension to apply second
     */
    default GgufExtension andThen(GgufExtension next) {
        return (w, s) -> {
            apply(w, s);
            next.apply(w, s);
        };
    }
}
