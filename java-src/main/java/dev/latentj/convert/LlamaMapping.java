package dev.latentj.convert;

/** Llama as llama.cpp's LlamaModel converts it: q/k rows permuted for ggml's normal RoPE; llama3 rope_freqs. */
public final class LlamaMapping extends LlamaFamilyMapping {
    /**
     * q/k permuted; q/k/v biases when config.json says attention_bias or they are present; output untied by default.
     */
    public LlamaMapping() {
        super(new LlamaFamily.Spec("llama", true, LlamaFamily.Presence.OPTIONAL, false, false));
    }
}
