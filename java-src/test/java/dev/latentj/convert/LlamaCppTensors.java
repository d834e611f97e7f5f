package dev.latentj.convert;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tensors llama.cpp creates for an architecture, from its {@code src/models/<arch>.cpp} {@code load_arch_tensors}
 * (llama.cpp as bundled in node-llama-cpp 3.21.1, ~/.cache/latentj/llama.cpp). Its loader fails with "wrong number
 * of tensors" unless a file holds every required tensor and nothing but required and optional ones
 * ({@code TENSOR_NOT_REQUIRED}).
 */
record LlamaCppTensors(Set<String> required, Set<String> optional) {

    /** gpt2.cpp: output.weight is optional (tied to token_embd when absent). */
    static LlamaCppTensors gpt2(int nLayer) {
        Set<String> req = new LinkedHashSet<>(Set.of("token_embd.weight", "position_embd.weight", "output_norm.weight",
                "output_norm.bias"));
        for (int i = 0; i < nLayer; i++) {
            for (String t : new String[] {"attn_norm", "attn_qkv", "attn_output", "ffn_norm", "ffn_up", "ffn_down"}) {
                req.add("blk." + i + "." + t + ".weight");
                req.add("blk." + i + "." + t + ".bias");
            }
        }
        return new LlamaCppTensors(req, Set.of("output.weight"));
    }

    /**
     * llama.cpp (dense): output.weight and rope_freqs.weight are optional, and so are the attention-output and MLP
     * biases; q/k/v come as separate tensors (create_tensor_qkv's fallback when attn_qkv is absent).
     */
    static LlamaCppTensors llama(int nLayer) {
        Set<String> req = new LinkedHashSet<>(Set.of("token_embd.weight", "output_norm.weight"));
        Set<String> opt = new LinkedHashSet<>(Set.of("output.weight", "rope_freqs.weight"));
        for (int i = 0; i < nLayer; i++) {
            for (String t : new String[] {"attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate",
                    "ffn_down", "ffn_up"}) {
                req.add("blk." + i + "." + t + ".weight");
            }
            for (String t : new String[] {"attn_output", "ffn_gate", "ffn_down", "ffn_up"}) opt.add("blk." + i + "." + t + ".bias");
        }
        return new LlamaCppTensors(req, opt);
    }

    /** What is wrong with {@code names} for llama.cpp's loader, or an empty string when it would load them. */
    String problems(Set<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String r : required) if (!names.contains(r)) sb.append("missing ").append(r).append("; ");
        for (String n : names) if (!required.contains(n) && !optional.contains(n)) sb.append("unexpected ").append(n).append("; ");
        return sb.toString();
    }
}
