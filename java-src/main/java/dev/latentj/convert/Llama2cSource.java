package dev.latentj.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * A llama2.c checkpoint as a {@link ModelSource}: the header becomes a config.json-like {@link HfConfig}
 * (model_type "llama2c", picked up by {@link Llama2cMapping}) with the fixed values the format implies
 * (RMSNorm eps 1e-5, RoPE base 10000), as llama.cpp's convert-llama2c-to-ggml writes them.
 */
public final class Llama2cSource {
    private Llama2cSource() {}

    /**
     * {@return the model as a source for {@link HfConverter#write}}
     *
     * @param m    the checkpoint
     * @param dir  where its tokenizer is looked up; or null
     * @param name its general.name
     */
    public static ModelSource of(Llama2cModel m, Path dir, String name) {
        return new ModelSource(config(m.config()), ModelSource.weightsOf(m.tensors()), dir, name);
    }

    static HfConfig config(Llama2cConfig c) {
        ObjectNode j = new ObjectMapper().createObjectNode();
        j.put("model_type", Llama2cMapping.MODEL_TYPE);
        j.put("vocab_size", c.vocabSize());
        j.put("max_position_embeddings", c.contextLength());
        j.put("hidden_size", c.embeddingLength());
        j.put("intermediate_size", c.feedForwardLength());
        j.put("num_hidden_layers", c.blockCount());
        j.put("num_attention_heads", c.headCount());
        j.put("num_key_value_heads", c.headCountKv());
        j.put("rms_norm_eps", c.rmsNormEps());
        j.put("rope_theta", c.ropeFreqBase());
        j.put("tie_word_embeddings", c.sharedClassifier());
        return new HfConfig(j);
    }
}
