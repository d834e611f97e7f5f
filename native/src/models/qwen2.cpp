// Qwen2: HF's rotate-half RoPE (NEOX mode, weights unpermuted) and biases on q, k and v.
#include "llama-like.h"

namespace {

constexpr lj_llama_variant k_variant{GGML_ROPE_TYPE_NEOX, true, false};

const lj_arch_desc k_qwen2{
    "qwen2", LJ_NORM_RMS, lj_llama_like_check_params,
    [](lj_model & m, lj_tensor_lookup & L) { return lj_llama_like_bind(m, L, k_variant); },
    [](lj_graph & g) { lj_llama_like_build(g, k_variant); },
    nullptr};
LJ_REGISTER_ARCH(k_qwen2);

} // namespace
