package dev.latentj.convert;

import dev.latentj.gguf.GgufWriter;

import java.util.List;
import java.util.Map;

/** Llama as llama.cpp's LlamaModel converts it: q/k rows permuted for ggml's normal RoPE; llama3 rope_freqs. */
public final class LlamaMapping implements ArchMapping {
    static final LlamaFamily.Spec SPEC = new LlamaFamily.Spec("llama", true, LlamaFamily.Presence.OPTIONAL, false, false);

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
