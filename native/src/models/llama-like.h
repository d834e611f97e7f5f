// The block that Llama, Qwen2 and Qwen3 share: RMSNorm, RoPE attention (GQA), SwiGLU FFN.
// Each architecture's file states what differs: RoPE mode, q/k/v biases, per-head q/k norms.
#pragma once
#include "lj-graph.h"

struct lj_llama_variant {
    int rope_mode;     // GGML_ROPE_TYPE_NORMAL for llama (q/k permuted at conversion), NEOX for qwen
    bool qkv_bias;     // qwen2: q/k/v biases are required (the others accept them when present)
    bool qk_norm;      // qwen3: RMSNorm over each head of q and k before RoPE
};

// RoPE rotates pairs: head_dim must be even.
lj_status lj_llama_like_check_params(const lj_model_params & hp);
std::unique_ptr<lj_arch_weights> lj_llama_like_bind(lj_model & m, lj_tensor_lookup & L, const lj_llama_variant & variant);
void lj_llama_like_build(lj_graph & g, const lj_llama_variant & variant);

// The descriptor of a llama-like architecture: lj_llama_like<variant>::desc("name").
template <const lj_llama_variant & V> struct lj_llama_like {
    static std::unique_ptr<lj_arch_weights> bind(lj_model & m, lj_tensor_lookup & L) { return lj_llama_like_bind(m, L, V); }
    static void build(lj_graph & g) { lj_llama_like_build(g, V); }
    static constexpr lj_arch_desc desc(const char * name) {
        return {name, LJ_NORM_RMS, lj_llama_like_check_params, bind, build, nullptr};
    }
};
