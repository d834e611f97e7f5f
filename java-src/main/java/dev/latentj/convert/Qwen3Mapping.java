package dev.latentj.convert;

import dev.latentj.gguf.GgufWriter;

import java.util.List;
import java.util.Map;

/** Qwen3: Qwen2 without biases, with per-head q/k RMS norms; head_dim may differ from hidden/heads. */
public final class Qwen3Mapping implements ArchMapping {
    static final LlamaFamily.Spec SPEC = new LlamaFamily.Spec("qwen3", false, LlamaFamily.Presence.FORBIDDEN, true, false);

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
