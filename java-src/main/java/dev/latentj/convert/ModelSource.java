package dev.latentj.convert;

import java.nio.file.Path;
import java.util.Map;

/**
 * A model ready for mapping: its config, weights under plain HF names (prefixes stripped, LoRA merged), the
 * directory it came from (for tokenizer files; may be null) and a display name for general.name.
 * Any checkpoint reader (safetensors, PyTorch zip, llama2.c) produces one of these.
 *
 * @param config  the config.json, real or synthesised
 * @param weights the weights by HF name; copied
 * @param dir     where tokenizer files are looked up; or null
 * @param name    the default general.name
 */
public record ModelSource(HfConfig config, Map<String, Weight> weights, Path dir, String name) {
    /** Copies the weights. */
    public ModelSource {
        weights = Map.copyOf(weights);
    }

    /**
     * {@return weights that load a reader's tensors unchanged, in the reader's order}
     *
     * @param tensors the reader's tensors by name
     */
    public static Map<String, Weight> weightsOf(Map<String, SourceTensor> tensors) {
        java.util.LinkedHashMap<String, Weight> m = new java.util.LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, Weight.of(v)));
        return m;
    }
}
