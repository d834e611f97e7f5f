// A session: backends, scheduler and KV cache for n_seq_max sequences of one model, the hidden
// state each sequence carries on the device, and the outputs of the last graph.
#pragma once
#include "lj-graph.h"
#include "ggml-backend.h"
#include <functional>
#include <memory>
#include <vector>

// Where each row of a step goes: its sequence, position, and whether it produces an output.
struct lj_step_row {
    int32_t seq;
    int32_t pos;
    int32_t output; // lj_out_kind
};

struct lj_session {
    lj_model * model = nullptr;
    lj_session_params params{};
    int32_t n_ctx = 0;
    ggml_backend_t backend = nullptr;     // the model's device
    ggml_backend_t backend_cpu = nullptr; // fallback for ops the device lacks (== backend on CPU)
    ggml_backend_sched_t sched = nullptr;
    lj_kv_cache kv;

    ggml_context * state_ctx = nullptr;   // persistent per-sequence state
    ggml_backend_buffer_t state_buf = nullptr;
    ggml_tensor * hid_state = nullptr;    // [n_embd, n_seq_max]
    std::vector<bool> has_state;          // a sequence has produced a hidden state

    lj_reduce reduce;
    std::vector<uint8_t> graph_meta;      // ggml context memory for graph metadata

    // outputs of the last graph
    ggml_tensor * t_hidden = nullptr, * t_logits = nullptr, * t_argmax = nullptr;
    ggml_tensor * t_topk_ids = nullptr, * t_topk_p = nullptr, * t_entropy = nullptr, * t_x_max = nullptr;
    ggml_tensor * t_reduced = nullptr;
    float reduced_temperature = 1.0f;  // the temperature the last graph reduced with
    std::vector<ggml_tensor *> t_layers;
    bool layer_outputs = false;
    int32_t n_outputs = 0;

    ~lj_session();

    void clear_outputs();
    // Places the rows in the cache, builds the graph (build_arch after `pre`), sets its inputs
    // (`set_extra` for what `pre` added) and computes it. Rows must have been validated.
    lj_status run_step(const std::vector<lj_step_row> & rows, lj_graph_shape shape,
                       const std::function<void(lj_graph &)> & pre,
                       const std::function<void(lj_graph &)> & set_extra,
                       const std::function<void(lj_graph &)> & set_embd);
};

void lj_build_arch(lj_graph & g);
