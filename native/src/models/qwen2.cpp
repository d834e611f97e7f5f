// Qwen2: HF's rotate-half RoPE (NEOX mode, weights unpermuted) and biases on q, k and v.
#include "llama-like.h"

namespace {
constexpr lj_llama_variant k_variant{GGML_ROPE_TYPE_NEOX, true, false};
constexpr lj_arch_desc k_qwen2 = lj_llama_like<k_variant>::desc("qwen2");
LJ_REGISTER_ARCH(k_qwen2);
} // namespace
