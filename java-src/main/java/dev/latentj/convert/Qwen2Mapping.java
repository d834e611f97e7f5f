package dev.latentj.convert;

import dev.latentj.gguf.GgufWriter;

import java.util.List;
import java.util.Map;

/** Qwen2: Llama layout with q/k/v biases and NEOX RoPE (no permute), as llama.cpp's Qwen2Model. */
public final class Qwen2Mapping implements ArchMapping {
    static final LlamaFamily.Spec SPEC = new LlamaFamily.Spec("qwen2", false, LlamaFamily.Presence.REQUIRED, false, false);

    @Override
    public String arch() { return SPEC.arch(); }

    @Override
    public void writeHyperParameters(HfConfig c, GgufWriter w) throws ConversionException {
        LlamaFamily.writeHyperParameters(SPEC, c, w);
    }

    @Override
    public List<Weight> mapTensors(HfConfig c, Map<String, Weight> weights) throws ConversionException {
        return LlamaFamily.mapTensors(SPEC, c, weights);
    }
}
