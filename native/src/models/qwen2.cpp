// Qwen2: HF's rotate-half RoPE (NEOX mode, weights unpermuted) and biases on q, k and v.
#include "llama-like.h"

void lj_build_qwen2(lj_graph & g) { lj_build_llama_like(g, {GGML_ROPE_TYPE_NEOX, false}); }
