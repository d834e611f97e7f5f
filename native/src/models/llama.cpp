// Llama (and llama2.c models): q/k are permuted at conversion, as llama.cpp does, so RoPE is the
// interleaved "normal" mode; Llama 3's rope scaling arrives as rope_freqs factors.
#include "llama-like.h"

namespace {

constexpr lj_llama_variant k_variant{GGML_ROPE_TYPE_NORMAL, false, false};

const lj_arch_desc k_llama{
    "llama", LJ_NORM_RMS, lj_llama_like_check_params,
    [](lj_model & m, lj_tensor_lookup & L) { return lj_llama_like_bind(m, L, k_variant); },
    [](lj_graph & g) { lj_llama_like_build(g, k_variant); },
    nullptr};
LJ_REGISTER_ARCH(k_llama);

} // namespace
