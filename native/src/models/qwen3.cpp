// Qwen3: NEOX RoPE, no biases, an RMSNorm over each head of q and k before RoPE; head_dim may
// differ from n_embd / n_head.
#include "llama-like.h"

namespace {
constexpr lj_llama_variant k_variant{GGML_ROPE_TYPE_NEOX, false, true};
constexpr lj_arch_desc k_qwen3 = lj_llama_like<k_variant>::desc("qwen3");
LJ_REGISTER_ARCH(k_qwen3);
} // namespace
