package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;

import java.lang.foreign.Arena;

/**
 * Everything checked before a model file's weights reach the native engine: hyper-parameters
 * ({@link ModelConfig}), the engine's own dry run over them and every tensor descriptor (lj_model_check: the
 * architecture's rules, the tensors its graph reads and their shapes, as lj_model_load checks them), the
 * tokenizer vocabulary against the embedding ({@link VocabCheck}) and finite weights ({@link WeightScan}).
 * {@code latentj info} runs the same checks on model files, so a file info accepts is one that loads.
 */
public final class ModelChecks {
    private ModelChecks() {}

    /**
     * Runs every check without loading a weight into the engine; reads the file's tensor data for the weight scan.
     *
     * @param file an open GGUF file
     * @return the model's hyper-parameters, as {@link Model#load} will use them
     * @throws GgufException the first problem found, worded for the user (which key or tensor, and why)
     */
    public static ModelConfig validate(GgufFile file) throws GgufException {
        ModelConfig config = ModelConfig.from(file);
        try (Arena arena = Arena.ofConfined()) {
            ModelSpec spec = ModelSpec.of(file, config, Model.Options.defaults(), arena);
            if (latentj_h.lj_model_check(spec.params(), spec.tensors(), spec.nTensors(), spec.dataSize()) != latentj_h.LJ_OK()) {
                throw new GgufException(latentj_h.lj_last_error().reinterpret(4096).getString(0));
            }
        }
        VocabCheck.check(config, file);
        WeightScan.check(file);
        return config;
    }
}
