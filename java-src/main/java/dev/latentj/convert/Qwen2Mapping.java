package dev.latentj.convert;

/** Qwen2: Llama layout with q/k/v biases and NEOX RoPE (no permute), as llama.cpp's Qwen2Model. */
public final class Qwen2Mapping extends LlamaFamilyMapping {
    /** q/k/v biases required, no permutation. */
    public Qwen2Mapping() {
        super(new LlamaFamily.Spec("qwen2", false, LlamaFamily.Presence.REQUIRED, false, false));
    }
}
