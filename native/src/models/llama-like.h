// The block that Llama, Qwen2 and Qwen3 share: RMSNorm, RoPE attention (GQA), SwiGLU FFN.
// Each architecture's file states what differs: RoPE mode, q/k biases, per-head q/k norms.
#pragma once
#include "lj-graph.h"

struct lj_llama_variant {
    int rope_mode;     // GGML_ROPE_TYPE_NORMAL for llama (q/k permuted at conversion), NEOX for qwen
    bool qk_norm;      // qwen3: RMSNorm over each head of q and k before RoPE
};

void lj_build_llama_like(lj_graph & g, const lj_llama_variant & variant);
