package dev.latentj.convert;

/** Llama as llama.cpp's LlamaModel converts it: q/k rows permuted for ggml's normal RoPE; llama3 rope_freqs. */
public final class LlamaMapping extends LlamaFamilyMapping {
    public LlamaMapping() {
        super(new LlamaFamily.Spec("llama", true, LlamaFamily.Presence.OPTIONAL, false, false));
    }
}
