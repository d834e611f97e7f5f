// Qwen3: NEOX RoPE, no biases, an RMSNorm over each head of q and k before RoPE; head_dim may
// differ from n_embd / n_head.
#include "llama-like.h"

void lj_build_qwen3(lj_graph & g) { lj_build_llama_like(g, {GGML_ROPE_TYPE_NEOX, true}); }
