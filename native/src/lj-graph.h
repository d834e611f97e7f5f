// Shared graph building blocks (inputs, norms, attention, FFNs, outputs) used by the
// per-architecture builders in models/. One graph per decode call; its inputs are typed tensors
// filled after allocation, so the same batch shape gives the same graph (CUDA graph replay).
#pragma once
#include "lj-kv-cache.h"
#include "lj-model.h"
#include "lj-reduce-cpu.h"
#include <vector>

struct lj_graph_inputs {
    ggml_tensor * ids = nullptr;      // I32 [n_mix * n_tokens], mixture slot k of token t at t*n_mix + k
    ggml_tensor * weights = nullptr;  // F32 [1, n_mix, n_tokens]
    ggml_tensor * raw = nullptr;      // F32 [n_embd, n_tokens] raw input vectors (absent when no row has one)
    ggml_tensor * pos = nullptr;      // I32 [n_tokens]
    ggml_tensor * kv_idx = nullptr;   // I64 [n_tokens] cache cell of each row
    ggml_tensor * kq_mask = nullptr;  // F32 [n_kv, n_tokens]: 0 visible, -INF hidden
    ggml_tensor * out_ids = nullptr;  // I32 [n_outputs] rows that produce outputs
    ggml_tensor * state_src = nullptr; // I32 [n_state] outputs whose hidden state is kept per sequence
    ggml_tensor * state_dst = nullptr; // I32 [n_state] their sequences
};

// What a graph computes from the logits of its outputs (see lj_set_reduce).
struct lj_reduce {
    int32_t top_k = 0;
    float   temperature = 1.0f;
    int32_t vocab_limit = 0;  // <= 0: all
};

struct lj_graph_shape {
    int32_t n_tokens = 0;
    int32_t n_mix = 1;        // mixture slots per row (1 for token-only batches)
    bool    has_raw = false;
    int32_t n_kv = 0;         // cache cells attended over
    int32_t n_outputs = 0;
    int32_t n_state = 0;      // sequences whose last output hidden state is kept on the device
    bool    logits = false;
    bool    layer_outputs = false; // keep each layer's normed residual for the output rows
    lj_reduce reduce;
};

struct lj_graph {
    const lj_model & model;
    const lj_model_params & hp;
    lj_kv_cache & kv;
    lj_graph_shape shape;
    ggml_context * ctx;
    ggml_cgraph * gf;
    lj_graph_inputs in;

    ggml_tensor * hid_state;          // [n_embd, n_seq_max] last hidden state per sequence (persistent)
    ggml_tensor * inp_override = nullptr; // when set, the input vectors of all rows (latent steps)
    ggml_tensor * kq_mask_f16 = nullptr;  // in.kq_mask as flash attention takes it (F16/BF16 caches)

    ggml_tensor * t_hidden = nullptr; // [n_embd, n_outputs], after the final norm
    ggml_tensor * t_logits = nullptr; // [n_vocab, n_outputs]
    ggml_tensor * t_argmax = nullptr; // I32 [n_outputs] over [0, vocab_limit)
    ggml_tensor * t_topk_ids = nullptr;   // I32 [top_k, n_outputs], unordered
    ggml_tensor * t_topk_p = nullptr;     // F32 [1, top_k, n_outputs]
    ggml_tensor * t_entropy = nullptr;    // F32 [1, n_outputs]: sum p x (see build_output)
    ggml_tensor * t_x_max = nullptr;      // F32 [1, 1, n_outputs]: the largest logit
    ggml_tensor * t_reduced = nullptr;    // CPU: [2K + 1, n_outputs] ids, probabilities, entropy (lj_reduce_cpu)
    lj_reduce_cpu_args reduce_args{};     // lives as long as the graph
    std::vector<ggml_tensor *> t_layers;  // [n_embd, n_outputs] per layer (layer_outputs)

    lj_graph(const lj_model & m, lj_kv_cache & kv, ggml_tensor * hid_state, const lj_graph_shape & s, ggml_context * ctx, ggml_cgraph * gf)
        : model(m), hp(m.hp), kv(kv), shape(s), ctx(ctx), gf(gf), hid_state(hid_state) {}

    // sum_k w_k * E[id_k] + raw: token, raw-embedding and concept-token rows in one topology
    ggml_tensor * build_inp_embd();
    ggml_tensor * build_inp_pos();
    ggml_tensor * build_norm_layer(ggml_tensor * x, ggml_tensor * w, ggml_tensor * b, float eps); // LayerNorm
    ggml_tensor * build_norm_rms(ggml_tensor * x, ggml_tensor * w, float eps);
    // q: [head_dim, n_head, n_tokens]; k, v: [head_dim, n_head_kv, n_tokens]. Stores k, v in the cache.
    ggml_tensor * build_attn(int il, ggml_tensor * q, ggml_tensor * k, ggml_tensor * v, ggml_tensor * wo, ggml_tensor * wo_b);
    ggml_tensor * build_gelu_tanh(ggml_tensor * x); // GPT-2's gelu_new from exact ops
    ggml_tensor * select_outputs(ggml_tensor * x);  // rows that produce outputs (skip the rest of the last layer)
    ggml_tensor * build_final_norm(ggml_tensor * x);
    // the logit lens: layer il's residual output x (all rows, or only the output rows for the last layer)
    void capture_layer(int il, ggml_tensor * x);
    // final norm -> t_hidden (-> t_logits); x holds only the output rows
    void build_output(ggml_tensor * x);
    ggml_tensor * linear(ggml_tensor * w, ggml_tensor * b, ggml_tensor * x);
    // CODI's projection: Linear -> GELU(erf) -> Linear -> LayerNorm (when the model has one)
    ggml_tensor * build_prj(ggml_tensor * h);
};

// One builder per architecture (models/<arch>.cpp).
void lj_build_gpt2(lj_graph & g);
void lj_build_llama(lj_graph & g);
void lj_build_qwen2(lj_graph & g);
void lj_build_qwen3(lj_graph & g);
