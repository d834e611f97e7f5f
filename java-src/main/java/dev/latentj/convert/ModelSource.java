package dev.latentj.convert;

import java.nio.file.Path;
import java.util.Map;

/**
 * A model ready for mapping: its config, weights under plain HF names (prefixes stripped, LoRA merged), the
 * directory it came from (for tokenizer files; may be null) and a display name for general.name.
 * Any checkpoint reader (safetensors, PyTorch zip, llama2.c) produces one of these.
 */
public record ModelSource(HfConfig config, Map<String, Weight> weights, Path dir, String name) {
    public ModelSource {
        weights = Map.copyOf(weights);
    }

    /** Weights from a reader's tensors, unchanged. */
    public static Map<String, Weight> weightsOf(Map<String, SourceTensor> tensors) {
        java.util.LinkedHashMap<String, Weight> m = new java.util.LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, Weight.of(v)));
        return m;
    }
}
