package dev.latentj.convert;

import dev.latentj.gguf.GgufWriter;

import java.util.List;
import java.util.Map;

/**
 * How one Hugging Face architecture becomes GGUF, following llama.cpp's convert_hf_to_gguf.py: the hyper-parameter
 * keys it writes and the tensors it produces (GGUF names, PyTorch-order shapes, transformed values).
 */
public sealed interface ArchMapping permits Gpt2Mapping, LlamaFamilyMapping {

    /** {@return the GGUF {@code general.architecture}, e.g. "gpt2"} */
    String arch();

    /**
     * Writes the {arch}.* hyper-parameters (not general.*).
     *
     * @param config the checkpoint's config.json
     * @param w      the file being built
     * @throws ConversionException when the config lacks a value the architecture needs, or has an unsupported one
     */
    void writeHyperParameters(HfConfig config, GgufWriter w) throws ConversionException;

    /**
     * Maps HF-named weights (no CODI/peft prefixes, LoRA already merged) to GGUF tensors in a canonical order,
     * validating presence and shapes against the config; unknown leftover tensors are an error.
     *
     * @param config  the checkpoint's config.json
     * @param weights the checkpoint's weights by HF name
     * @return the GGUF tensors in file order, values transformed lazily
     * @throws ConversionException when a tensor is missing, has the wrong shape, or is not used
     */
    List<Weight> mapTensors(HfConfig config, Map<String, Weight> weights) throws ConversionException;

    /**
     * {@return the mapping of the config's {@code model_type} (or {@code architectures})}
     *
     * @param config the checkpoint's config.json
     * @throws ConversionException when the architecture is not gpt2, llama, qwen2, qwen3 or a llama2.c export
     */
    static ArchMapping forConfig(HfConfig config) throws ConversionException {
        String mt = config.modelType();
        String a = config.architecture();
        if (mt.equals(Llama2cMapping.MODEL_TYPE)) return new Llama2cMapping();
        if (mt.equals("gpt2") || a.equals("GPT2LMHeadModel")) return new Gpt2Mapping();
        if (mt.equals("llama") || a.equals("LlamaForCausalLM")) return new LlamaMapping();
        if (mt.equals("qwen2") || a.equals("Qwen2ForCausalLM")) return new Qwen2Mapping();
        if (mt.equals("qwen3") || a.equals("Qwen3ForCausalLM")) return new Qwen3Mapping();
        throw new ConversionException("unsupported model: model_type '" + mt + "', architectures '" + a
                + "' (supported: gpt2, llama, qwen2, qwen3)");
    }
}
