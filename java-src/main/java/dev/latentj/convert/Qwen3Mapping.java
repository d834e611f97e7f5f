package dev.latentj.convert;

/** Qwen3: Qwen2 without biases, with per-head q/k RMS norms; head_dim may differ from hidden/heads. */
public final class Qwen3Mapping extends LlamaFamilyMapping {
    /** No biases, no permutation, q/k norms required. */
    public Qwen3Mapping() {
        super(new LlamaFamily.Spec("qwen3", false, LlamaFamily.Presence.FORBIDDEN, true, false));
    }
}
