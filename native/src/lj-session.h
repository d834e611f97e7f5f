// A session: backends, scheduler and KV cache for n_seq_max sequences of one model, the hidden
// state each sequence carries on the device, and the graph of the last decode with its outputs.
#pragma once
#include "lj-graph.h"
#include "ggml-backend.h"
#include <memory>
#include <vector>

inline constexpr int32_t lj_max_graph_nodes = 16384;

struct lj_session {
    lj_model * model = nullptr;
    lj_session_params params{};           // as resolved: n_batch_max is never 0
    int32_t n_ctx = 0;
    ggml_backend_t backend = nullptr;     // the model's device
    ggml_backend_t backend_cpu = nullptr; // fallback for ops the device lacks (== backend on CPU)
    std::vector<ggml_backend_t> remote;   // the model's RPC devices, in its parts' order
    ggml_backend_sched_t sched = nullptr;
    lj_kv_cache kv;

    ggml_context * state_ctx = nullptr;   // persistent per-sequence state
    ggml_backend_buffer_t state_buf = nullptr;
    ggml_tensor * hid_state = nullptr;    // [n_embd, n_seq_max]
    std::vector<bool> has_state;          // a sequence has produced a hidden state

    lj_reduce reduce;
    bool layer_outputs = false;
    std::vector<uint8_t> graph_meta;      // ggml context memory for graph metadata
    // the last decode's graph; its outputs are readable while it is set, and it stays allocated in the
    // scheduler for the next decode of the same shape. Shared with the RPC link's thread while it computes
    // (lj_rpc_link::run)
    std::shared_ptr<lj_graph> graph;
    float reduced_temperature = 1.0f;     // the temperature that graph reduced with
    int64_t n_graphs = 0;                 // graphs built by decodes; the others reused the last one

    // decode's host-side state, kept so that a steady state allocates nothing
    lj_batch batch;
    lj_kv_plan plan;
    std::vector<std::pair<int64_t, int32_t>> row_keys; // ((seq, pos), row): duplicate rows
    std::vector<int32_t> per_seq;                      // [n_seq_max] a count or an index per sequence, 0 between uses

    ~lj_session();

    int32_t n_outputs() const { return graph ? graph->shape.n_outputs : 0; }
    void clear_outputs() { graph.reset(); }
    // lj_decode without the guard: checks the rows, then runs them all or changes nothing (see latentj.h).
    lj_status decode(const lj_row * rows, int32_t n_rows);
};
