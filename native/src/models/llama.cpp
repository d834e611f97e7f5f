// Llama (and llama2.c models): q/k are permuted at conversion, as llama.cpp does, so RoPE is the
// interleaved "normal" mode; Llama 3's rope scaling arrives as rope_freqs factors.
#include "llama-like.h"

void lj_build_llama(lj_graph & g) { lj_build_llama_like(g, {GGML_ROPE_TYPE_NORMAL, false}); }
