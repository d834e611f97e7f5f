// Shared graph building blocks (inputs, norms, attention, FFNs, outputs) used by the per-architecture
// builders in models/. A decode builds one graph for its batch. Its inputs are typed tensors that fill
// themselves from the batch after allocation (lj_graph_input), so the next batch of the same shape fills
// and computes the same graph again (lj_session::decode). The blocks that training computes differently
// (differentiable ops, no KV cache, LoRA) are virtual: lj-train-graph.cpp overrides them and runs the same
// builders.
#pragma once
#include "lj-kv-cache.h"
#include "lj-model.h"
#include "lj-reduce-cpu.h"
#include <memory>
#include <vector>

// A batch as its graph sees it: the rows, the cache cell of each, and which rows give outputs.
struct lj_batch {
    const lj_row * rows = nullptr;
    int32_t n_rows = 0;
    std::vector<int32_t> cells;     // KV cell of each row
    std::vector<int32_t> out_rows;  // the rows with an output, in output order
    std::vector<int32_t> state_out; // for each sequence with an output: its last output (by position) ...
    std::vector<int32_t> state_seq; // ... and the sequence, whose hidden state it becomes
};

// A graph input: its tensors are made while building and filled by set() after allocation, from the
// batch alone (llama.cpp's llm_graph_input_i::set_input). set() runs once per decode of a reused graph:
// its host-side staging lives in the input, so a steady state allocates nothing.
struct lj_graph_input {
    virtual ~lj_graph_input() = default;
    virtual void set(const lj_batch & b) = 0;
};

struct lj_input_attn;    // lj-graph.cpp
struct lj_input_out_ids; // lj-graph.cpp
struct lj_input_latent;  // lj-latent.cpp

// What a graph computes from the logits of its outputs (see lj_set_reduce).
struct lj_reduce {
    int32_t top_k = 0;
    float   temperature = 1.0f;
    int32_t vocab_limit = 0;  // <= 0: all

    bool operator==(const lj_reduce & o) const { return top_k == o.top_k && temperature == o.temperature && vocab_limit == o.vocab_limit; }
};

struct lj_graph_shape {
    int32_t n_tokens = 0;
    int32_t n_mix = 1;        // mixture slots per row (1 for token-only batches)
    bool    has_raw = false;
    int32_t n_latent = 0;     // latent rows (LJ_ROW_LATENT, LJ_ROW_LATENT_COCONUT)
    int32_t n_coconut = 0;    // of which fed h itself
    int32_t n_kv = 0;         // cache cells attended over
    int32_t n_outputs = 0;
    int32_t n_state = 0;      // sequences whose last output hidden state is kept on the device
    bool    logits = false;
    bool    layer_outputs = false; // keep each layer's normed residual for the output rows
    lj_reduce reduce;

    // Equal shapes build equal graphs (the architecture's builder sees only the shape), so a graph is reused
    // for the next batch of the same shape: every field above must be compared here.
    bool operator==(const lj_graph_shape & o) const {
        return n_tokens == o.n_tokens && n_mix == o.n_mix && has_raw == o.has_raw && n_latent == o.n_latent &&
               n_coconut == o.n_coconut && n_kv == o.n_kv && n_outputs == o.n_outputs && n_state == o.n_state &&
               logits == o.logits && layer_outputs == o.layer_outputs && reduce == o.reduce;
    }
};

struct lj_graph {
    const lj_model & model;
    const lj_model_params & hp;
    lj_kv_cache & kv;
    lj_graph_shape shape;             // training sets it per segment before each build (lj-train-graph.cpp)
    ggml_context * ctx;               // owned: freed with the graph
    ggml_cgraph * gf;

    std::vector<std::unique_ptr<lj_graph_input>> inputs;
    lj_input_attn * inp_attn = nullptr;       // made by the first layer's attention
    lj_input_out_ids * inp_out_ids = nullptr; // made by the first select_outputs
    lj_input_latent * inp_latent = nullptr; // the latent rows' h and z, when the batch has latent rows

    ggml_tensor * hid_state;          // [n_embd, n_seq_max] last hidden state per sequence (persistent)
    ggml_tensor * kq_mask_f16 = nullptr;  // the attention mask as flash attention takes it (F16/BF16 caches)

    ggml_tensor * t_hidden = nullptr; // [n_embd, n_outputs], after the final norm
    ggml_tensor * t_logits = nullptr; // [n_vocab, n_outputs]
    ggml_tensor * t_argmax = nullptr; // I32 [n_outputs] over [0, vocab_limit)
    ggml_tensor * t_topk_ids = nullptr;   // I32 [top_k, n_outputs], unordered
    ggml_tensor * t_topk_p = nullptr;     // F32 [1, top_k, n_outputs]
    ggml_tensor * t_sum_px = nullptr;     // F32 [1, n_outputs]: sum p x, for the entropy (see build_output)
    ggml_tensor * t_x_max = nullptr;      // F32 [1, 1, n_outputs]: the largest logit
    ggml_tensor * t_reduced = nullptr;    // CPU: [2K + 1, n_outputs] ids, probabilities, entropy (lj_reduce_cpu)
    lj_reduce_cpu_args reduce_args{};     // lives as long as the graph
    std::vector<ggml_tensor *> t_layers;  // [n_embd, n_outputs] per layer (layer_outputs)

    lj_graph(const lj_model & m, lj_kv_cache & kv, ggml_tensor * hid_state, const lj_graph_shape & s, ggml_context * ctx, ggml_cgraph * gf)
        : model(m), hp(m.hp), kv(kv), shape(s), ctx(ctx), gf(gf), hid_state(hid_state) {}
    virtual ~lj_graph() { ggml_free(ctx); }
    lj_graph(const lj_graph &) = delete;
    lj_graph & operator=(const lj_graph &) = delete;

    template <typename T> T * add_input(std::unique_ptr<T> in) {
        T * p = in.get();
        inputs.push_back(std::move(in));
        return p;
    }
    void set_inputs(const lj_batch & b) {
        for (auto & in : inputs) in->set(b);
    }

    // The input vector of every row: sum_k w_k * E[id_k] + raw for token, raw-embedding and concept-token
    // rows in one topology; latent rows take their z (lj-latent.cpp)
    virtual ggml_tensor * build_inp_embd();
    virtual ggml_tensor * build_inp_pos();
    virtual ggml_tensor * build_norm_layer(ggml_tensor * x, ggml_tensor * w, ggml_tensor * b, float eps); // LayerNorm
    ggml_tensor * build_norm_rms(ggml_tensor * x, ggml_tensor * w, float eps);
    // q: [head_dim, n_head, n_tokens]; k, v: [head_dim, n_head_kv, n_tokens]. Stores k, v in the cache.
    virtual ggml_tensor * build_attn(int il, ggml_tensor * q, ggml_tensor * k, ggml_tensor * v, ggml_tensor * wo, ggml_tensor * wo_b);
    virtual ggml_tensor * build_gelu_tanh(ggml_tensor * x); // GPT-2's gelu_new from exact ops
    virtual ggml_tensor * build_gelu_erf(ggml_tensor * x);  // the projection's GELU
    virtual ggml_tensor * select_outputs(ggml_tensor * x);  // rows that produce outputs (skip the rest of the last layer)
    ggml_tensor * build_final_norm(ggml_tensor * x); // the architecture's norm kind over output_norm(_b)
    // the logit lens: layer il's residual output x (all rows, or only the output rows for the last layer);
    // il = -1 is the input embedding (with positions), which only training records
    virtual void capture_layer(int il, ggml_tensor * x);
    // final norm -> t_hidden (-> t_logits); x holds only the output rows
    virtual void build_output(ggml_tensor * x);
    virtual ggml_tensor * linear(ggml_tensor * w, ggml_tensor * b, ggml_tensor * x);
    // CODI's projection: Linear -> GELU(erf) -> Linear -> LayerNorm (when the model has one)
    ggml_tensor * build_prj(ggml_tensor * h);
};

// The latent rows' input vectors z (lj-latent.cpp). other: the input vectors of all rows made by the
// other kinds, or nullptr when every row is latent; returns the input vectors of all rows.
ggml_tensor * lj_build_inp_latent(lj_graph & g, ggml_tensor * other);
