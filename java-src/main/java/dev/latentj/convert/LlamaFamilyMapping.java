package dev.latentj.convert;

import dev.latentj.gguf.GgufWriter;

import java.util.List;
import java.util.Map;

/** The mapping that Llama, Qwen2, Qwen3 and llama2.c share; each subclass only states its {@link LlamaFamily.Spec}. */
public abstract sealed class LlamaFamilyMapping implements ArchMapping permits LlamaMapping, Qwen2Mapping, Qwen3Mapping, Llama2cMapping {
    final LlamaFamily.Spec spec;

    LlamaFamilyMapping(LlamaFamily.Spec spec) {
        this.spec = spec;
    }

    @Override
    public String arch() { return spec.arch(); }

    @Override
    public void writeHyperParameters(HfConfig c, GgufWriter w) throws ConversionException {
        LlamaFamily.writeHyperParameters(spec, c, w);
    }

    @Override
    public List<Weight> mapTensors(HfConfig c, Map<String, Weight> weights) throws ConversionException {
        return LlamaFamily.mapTensors(spec, c, weights);
    }
}
