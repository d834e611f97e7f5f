package dev.latentj.convert;

import dev.latentj.gguf.GgufWriter;

import java.io.IOException;

/**
 * Adds metadata (and possibly tensors) to a file being converted: the tokenizer writer plugs in here
 * (tokenizer.ggml.*), and so does the CODI converter (codi.*). Runs after the model's own keys.
 */
@FunctionalInterface
public interface GgufExtension {
    void apply(GgufWriter writer, ModelSource source) throws IOException;

    GgufExtension NONE = (w, s) -> {};

    default GgufExtension andThen(GgufExtension next) {
        return (w, s) -> {
            apply(w, s);
            next.apply(w, s);
        };
    }
}
