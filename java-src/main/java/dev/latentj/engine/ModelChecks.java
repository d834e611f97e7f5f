package dev.latentj.engine;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;

/**
 * Everything checked in Java before a model file reaches the native engine, which re-checks shapes itself:
 * hyper-parameters ({@link ModelConfig}), every tensor the graph uses ({@link TensorShapes}), the tokenizer
 * vocabulary against the embedding ({@link VocabCheck}) and finite weights ({@link WeightScan}).
 * {@code latentj info} runs the same checks on model files, so a file info accepts is one that loads.
 */
public final class ModelChecks {
    private ModelChecks() {}

    public static ModelConfig validate(GgufFile file) throws GgufException {
        ModelConfig config = ModelConfig.from(file);
        TensorShapes.check(config, file);
        VocabCheck.check(config, file);
        WeightScan.check(file);
        return config;
    }
}
