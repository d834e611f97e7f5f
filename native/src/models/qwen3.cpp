// Qwen3: NEOX RoPE, no biases, an RMSNorm over each head of q and k before RoPE; head_dim may
// differ from n_embd / n_head.
#include "llama-like.h"

namespace {

constexpr lj_llama_variant k_variant{GGML_ROPE_TYPE_NEOX, false, true};

const lj_arch_desc k_qwen3{
    "qwen3", LJ_NORM_RMS, lj_llama_like_check_params,
    [](lj_model & m, lj_tensor_lookup & L) { return lj_llama_like_bind(m, L, k_variant); },
    [](lj_graph & g) { lj_llama_like_build(g, k_variant); },
    nullptr};
LJ_REGISTER_ARCH(k_qwen3);

} // namespace
