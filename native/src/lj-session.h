// A session: backends, scheduler and KV cache for n_seq_max sequences of one model, and the
// outputs of the last decode.
#pragma once
#include "lj-graph.h"
#include "ggml-backend.h"
#include <memory>
#include <vector>

struct lj_session {
    lj_model * model = nullptr;
    lj_session_params params{};
    int32_t n_ctx = 0;
    ggml_backend_t backend = nullptr;     // the model's device
    ggml_backend_t backend_cpu = nullptr; // fallback for ops the device lacks (== backend on CPU)
    ggml_backend_sched_t sched = nullptr;
    lj_kv_cache kv;

    std::vector<uint8_t> graph_meta;      // ggml context memory for graph metadata
    ggml_tensor * t_hidden = nullptr;
    ggml_tensor * t_logits = nullptr;
    int32_t n_outputs = 0;

    ~lj_session();
};
