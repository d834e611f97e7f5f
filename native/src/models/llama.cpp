// Llama (and llama2.c models): q/k are permuted at conversion, as llama.cpp does, so RoPE is the
// interleaved "normal" mode; Llama 3's rope scaling arrives as rope_freqs factors.
#include "llama-like.h"

namespace {
constexpr lj_llama_variant k_variant{GGML_ROPE_TYPE_NORMAL, false, false};
constexpr lj_arch_desc k_llama = lj_llama_like<k_variant>::desc("llama");
LJ_REGISTER_ARCH(k_llama);
} // namespace
