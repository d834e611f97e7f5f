package dev.latentj.convert;

import java.util.Collections;
import java.util.Map;

/**
 * A llama2.c checkpoint with tensors already under llama.cpp GGUF names, shapes [out, in] (PyTorch order).
 *
 * @param config  the header
 * @param tensors the tensors by GGUF name, in file order; not copied, only wrapped unmodifiable
 */
public record Llama2cModel(Llama2cConfig config, Map<String, SourceTensor> tensors) {
    /** Wraps the tensors unmodifiable. */
    public Llama2cModel {
        tensors = Collections.unmodifiableMap(tensors);
    }
}
