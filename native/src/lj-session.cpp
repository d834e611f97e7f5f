// Sessions: creation, sequence operations and output access (decoding is in lj-decode.cpp).
#include "lj-session.h"
#include "lj-error.h"
#include "ggml-alloc.h"
#include "ggml-cpu.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>

lj_session::~lj_session() {
    if (sched) ggml_backend_sched_free(sched);
    if (state_buf) ggml_backend_buffer_free(state_buf);
    if (state_ctx) ggml_free(state_ctx);
    if (backend_cpu && backend_cpu != backend) ggml_backend_free(backend_cpu);
    if (backend) ggml_backend_free(backend);
    for (ggml_backend_t b : remote) ggml_backend_free(b);
}

extern "C" lj_session_params lj_session_default_params(void) {
    lj_session_params p{};
    p.n_seq_max = 1;
    p.n_ctx = 0;
    p.n_batch_max = 0;
    p.kv_type = -1;
    return p;
}

static void set_threads(ggml_backend_t b, int32_t n_threads) {
    if (!ggml_backend_is_cpu(b)) return;
    // default: leave one core to the JVM (JIT, GC, the caller): ggml's barriers spin, and one
    // descheduled worker stalls every op (measured: 2 threads on 2 cores ran steps 10-300x slower)
    int cores = (int) std::thread::hardware_concurrency();
    int n = n_threads > 0 ? n_threads : std::max(1, cores - 1);
    n = std::min(n, GGML_MAX_N_THREADS); // more would overrun ggml's thread pool (Java rejects them first: Param.THREADS)
    ggml_backend_cpu_set_n_threads(b, n);
}

// Backends, scheduler, KV cache and sequence state: what talks to the devices (through the RPC link when the
// model has servers).
static lj_status build(lj_model * model, const lj_session_params & p, int32_t n_ctx, ggml_type kv_type, std::unique_ptr<lj_session> & out) {
    auto s = std::make_unique<lj_session>();
    s->model = model;
    s->params = p;
    s->n_ctx = n_ctx;
    s->backend = ggml_backend_dev_init(model->dev, nullptr);
    if (!s->backend) return lj_fail(LJ_ERR_BACKEND, "could not start backend %s", model->dev_name.c_str());
    s->backend_cpu = ggml_backend_is_cpu(s->backend) ? s->backend : ggml_backend_init_by_type(GGML_BACKEND_DEVICE_TYPE_CPU, nullptr);
    if (!s->backend_cpu) return lj_fail(LJ_ERR_BACKEND, "could not start the CPU backend");
    set_threads(s->backend_cpu, model->hp.n_threads);
    for (size_t i = 0; i + 1 < model->parts.size(); i++) {
        ggml_backend_t b = ggml_backend_dev_init(model->parts[i].dev, nullptr);
        if (!b) return lj_fail(LJ_ERR_BACKEND, "could not start backend %s", model->parts[i].name.c_str());
        s->remote.push_back(b);
    }

    // by priority, as llama.cpp orders them: the RPC servers, this process's device, the CPU last (ggml's rule)
    std::vector<ggml_backend_t> backends = s->remote;
    backends.push_back(s->backend);
    if (s->backend_cpu != s->backend) backends.push_back(s->backend_cpu);
    s->sched = ggml_backend_sched_new(backends.data(), nullptr, (int) backends.size(), lj_max_graph_nodes, false, true);
    if (!s->sched) return lj_fail(LJ_ERR_BACKEND, "could not create the scheduler");
    const int64_t cells = (int64_t) n_ctx * p.n_seq_max;
    if (!s->kv.init(*model, (int32_t) cells, p.n_seq_max, kv_type))
        return lj_fail(LJ_ERR_NOMEM, "could not allocate the KV cache (%lld cells)", (long long) cells);

    ggml_init_params sp{ggml_tensor_overhead() * 2, nullptr, true};
    s->state_ctx = ggml_init(sp);
    s->hid_state = ggml_new_tensor_2d(s->state_ctx, GGML_TYPE_F32, model->hp.n_embd, p.n_seq_max);
    s->state_buf = ggml_backend_alloc_ctx_tensors_from_buft(s->state_ctx, ggml_backend_dev_buffer_type(model->dev));
    if (!s->state_buf) return lj_fail(LJ_ERR_NOMEM, "could not allocate the sequence state");
    ggml_backend_buffer_clear(s->state_buf, 0);
    s->has_state.assign(p.n_seq_max, false);
    s->per_seq.assign(p.n_seq_max, 0);

    s->graph_meta.resize(ggml_tensor_overhead() * lj_max_graph_nodes + ggml_graph_overhead_custom(lj_max_graph_nodes, false));
    out = std::move(s);
    return LJ_OK;
}

extern "C" lj_status lj_session_new(lj_model * model, const lj_session_params * params, lj_session ** out) {
    return lj_guard([&]() -> lj_status {
        if (!model || !params || !out) return lj_fail(LJ_ERR_ARG, "null argument");
        *out = nullptr;
        lj_session_params p = *params;
        if (p.n_seq_max < 1 || p.n_seq_max > LJ_MAX_SEQ) return lj_fail(LJ_ERR_ARG, "n_seq_max %d out of range [1, %d]", p.n_seq_max, LJ_MAX_SEQ);
        // the default is bounded: a file's context_length alone must not decide a huge KV allocation
        const int32_t n_ctx = p.n_ctx > 0 ? p.n_ctx : std::min(model->hp.n_ctx_train, LJ_DEFAULT_CTX_MAX);
        if (n_ctx < 1 || n_ctx > LJ_MAX_CTX) return lj_fail(LJ_ERR_ARG, "n_ctx %d out of range", n_ctx);
        if (model->arch->check_ctx) {
            if (lj_status st = model->arch->check_ctx(model->hp, n_ctx); st != LJ_OK) return st;
        }
        const int64_t cells = (int64_t) n_ctx * p.n_seq_max;
        if (cells > LJ_MAX_CELLS) return lj_fail(LJ_ERR_ARG, "n_ctx * n_seq_max = %lld cells is too many", (long long) cells);
        if (p.n_batch_max <= 0) p.n_batch_max = (int32_t) std::min<int64_t>(cells, LJ_DEFAULT_BATCH_MAX);
        ggml_type kv_type = p.kv_type < 0 ? GGML_TYPE_F32 : (ggml_type) p.kv_type;
        if (kv_type != GGML_TYPE_F32 && kv_type != GGML_TYPE_F16 && kv_type != GGML_TYPE_BF16)
            return lj_fail(LJ_ERR_ARG, "KV cache type %d not supported (F32, F16 or BF16)", p.kv_type);

        // built in memory the call does not own: a build cut short by the RPC time-out may still finish later
        auto made = std::make_shared<std::unique_ptr<lj_session>>();
        lj_status st = lj_rpc_run(model->rpc.get(), [model, p, n_ctx, kv_type, made] { return build(model, p, n_ctx, kv_type, *made); });
        if (st != LJ_OK) return st;
        *out = made->release();
        return LJ_OK;
    });
}

extern "C" void lj_session_free(lj_session * session) {
    if (!session) return;
    lj_rpc_link * link = session->model->rpc.get();
    // freeing talks to the servers; a retired model's sessions keep their memory (latentj.h, "RPC failures")
    if (link && link->retired()) return;
    lj_rpc_run(link, [session] {
        delete session;
        return LJ_OK;
    });
}

extern "C" int32_t lj_session_n_ctx(const lj_session * s) { return s ? s->n_ctx : 0; }

extern "C" int32_t lj_session_n_batch(const lj_session * s) { return s ? s->params.n_batch_max : 0; }

extern "C" int64_t lj_session_n_graphs(const lj_session * s) { return s ? s->n_graphs : 0; }

extern "C" int32_t lj_n_outputs(const lj_session * s) { return s ? s->n_outputs() : 0; }

// A tensor of the last decode's graph, or nullptr when there is none.
static ggml_tensor * last(const lj_session * s, ggml_tensor * lj_graph::*field) { return s && s->graph ? (*s->graph).*field : nullptr; }

static lj_status check_output(lj_session * s, ggml_tensor * t, const char * what, int32_t i) {
    if (!s) return lj_fail(LJ_ERR_ARG, "null session");
    if (!t) return lj_fail(LJ_ERR_STATE, "the last decode produced no %s", what);
    if (i < 0 || i >= s->n_outputs()) return lj_fail(LJ_ERR_ARG, "output %d out of range [0, %d)", i, s->n_outputs());
    return LJ_OK;
}

static lj_status get_rowf(lj_session * s, ggml_tensor * t, const char * what, int32_t i, float * out, int64_t n) {
    if (lj_status st = check_output(s, t, what, i); st != LJ_OK) return st;
    if (!out) return lj_fail(LJ_ERR_ARG, "null buffer");
    if (n != t->ne[0]) return lj_fail(LJ_ERR_ARG, "%s buffer holds %lld floats, need %lld", what, (long long) n, (long long) t->ne[0]);
    ggml_backend_tensor_get(t, out, (size_t) i * t->nb[1], (size_t) n * sizeof(float));
    return LJ_OK;
}

extern "C" lj_status lj_get_logits(lj_session * s, int32_t i, float * out, int64_t n) {
    return get_rowf(s, last(s, &lj_graph::t_logits), "logits", i, out, n);
}

extern "C" lj_status lj_get_hidden(lj_session * s, int32_t i, float * out, int64_t n) {
    return get_rowf(s, last(s, &lj_graph::t_hidden), "hidden state", i, out, n);
}

extern "C" lj_status lj_get_argmax(lj_session * s, int32_t i, int32_t * id) {
    if (ggml_tensor * reduced = last(s, &lj_graph::t_reduced)) {
        if (lj_status st = check_output(s, reduced, "logits", i); st != LJ_OK) return st;
        if (!id) return lj_fail(LJ_ERR_ARG, "null id");
        ggml_backend_tensor_get(reduced, id, (size_t) i * reduced->nb[1], sizeof(int32_t)); // the top-1
        return LJ_OK;
    }
    ggml_tensor * argmax = last(s, &lj_graph::t_argmax);
    if (lj_status st = check_output(s, argmax, "logits", i); st != LJ_OK) return st;
    if (!id) return lj_fail(LJ_ERR_ARG, "null id");
    ggml_backend_tensor_get(argmax, id, (size_t) i * sizeof(int32_t), sizeof(int32_t));
    return LJ_OK;
}

extern "C" lj_status lj_set_reduce(lj_session * s, int32_t top_k, float temperature, int32_t vocab_limit) {
    if (!s) return lj_fail(LJ_ERR_ARG, "null session");
    if (top_k < 0 || top_k > LJ_MAX_TOPK) return lj_fail(LJ_ERR_ARG, "top_k %d out of range [0, %d]", top_k, LJ_MAX_TOPK);
    if (!(temperature > 0.0f) || !std::isfinite(temperature)) return lj_fail(LJ_ERR_ARG, "temperature %g must be positive", temperature);
    if (vocab_limit > s->model->hp.n_vocab) return lj_fail(LJ_ERR_ARG, "vocab_limit %d exceeds the vocabulary %d", vocab_limit, s->model->hp.n_vocab);
    if (vocab_limit > 0 && top_k > vocab_limit) return lj_fail(LJ_ERR_ARG, "top_k %d exceeds vocab_limit %d", top_k, vocab_limit);
    if (top_k > s->model->hp.n_vocab) return lj_fail(LJ_ERR_ARG, "top_k %d exceeds the vocabulary %d", top_k, s->model->hp.n_vocab);
    s->reduce = {top_k, temperature, vocab_limit};
    return LJ_OK;
}

extern "C" lj_status lj_get_topk(lj_session * s, int32_t i, int32_t * ids, float * probs, int32_t k, float * entropy) {
    if (ggml_tensor * reduced = last(s, &lj_graph::t_reduced)) {
        if (lj_status st = check_output(s, reduced, "top-k", i); st != LJ_OK) return st;
        const int32_t K = (int32_t) (reduced->ne[0] - 1) / 2;
        if (k != K || !ids || !probs) return lj_fail(LJ_ERR_ARG, "top-k buffers must hold %d entries", K);
        std::vector<float> row(2 * K + 1);
        ggml_backend_tensor_get(reduced, row.data(), (size_t) i * reduced->nb[1], row.size() * sizeof(float));
        std::memcpy(ids, row.data(), K * sizeof(int32_t)); // already sorted (lj_reduce_cpu)
        std::memcpy(probs, row.data() + K, K * sizeof(float));
        if (entropy) *entropy = row[2 * K];
        return LJ_OK;
    }
    ggml_tensor * t_ids = last(s, &lj_graph::t_topk_ids);
    if (lj_status st = check_output(s, t_ids, "top-k (see lj_set_reduce)", i); st != LJ_OK) return st;
    const lj_graph & g = *s->graph;
    const int32_t K = (int32_t) t_ids->ne[0];
    if (k != K || !ids || !probs) return lj_fail(LJ_ERR_ARG, "top-k buffers must hold %d entries", K);
    std::vector<int32_t> id(K);
    std::vector<float> p(K);
    ggml_backend_tensor_get(t_ids, id.data(), (size_t) i * t_ids->nb[1], K * sizeof(int32_t));
    ggml_backend_tensor_get(g.t_topk_p, p.data(), (size_t) i * g.t_topk_p->nb[2], K * sizeof(float));
    std::vector<int32_t> order(K);
    for (int32_t j = 0; j < K; j++) order[j] = j;
    // descending probability; ties by lower id, as a stable argsort over the vocabulary would give
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return p[a] != p[b] ? p[a] > p[b] : id[a] < id[b]; });
    for (int32_t j = 0; j < K; j++) {
        ids[j] = id[order[j]];
        probs[j] = p[order[j]];
    }
    if (entropy) {
        float sum_px, x_max;
        ggml_backend_tensor_get(g.t_sum_px, &sum_px, (size_t) i * g.t_sum_px->nb[1], sizeof(float));
        ggml_backend_tensor_get(g.t_x_max, &x_max, (size_t) i * g.t_x_max->nb[2], sizeof(float));
        // see lj_graph::build_output: H = -log p_max - (sum p x - x_max) / T, never below 0
        *entropy = std::max(0.0f, -logf(probs[0]) - (sum_px - x_max) / s->reduced_temperature);
    }
    return LJ_OK;
}

extern "C" lj_status lj_set_layer_outputs(lj_session * s, int32_t on) {
    if (!s) return lj_fail(LJ_ERR_ARG, "null session");
    s->layer_outputs = on != 0;
    return LJ_OK;
}

extern "C" lj_status lj_get_layer_hidden(lj_session * s, int32_t layer, int32_t i, float * out, int64_t n) {
    if (!s) return lj_fail(LJ_ERR_ARG, "null session");
    if (!s->graph || s->graph->t_layers.empty()) return lj_fail(LJ_ERR_STATE, "the last decode kept no layer outputs (see lj_set_layer_outputs)");
    const auto & layers = s->graph->t_layers;
    if (layer < 0 || layer >= (int32_t) layers.size()) return lj_fail(LJ_ERR_ARG, "layer %d out of range [0, %zu)", layer, layers.size());
    return get_rowf(s, layers[layer], "layer hidden state", i, out, n);
}

extern "C" lj_status lj_seq_rm(lj_session * s, int32_t seq, int32_t p0, int32_t p1) {
    if (!s) return lj_fail(LJ_ERR_ARG, "null session");
    if (seq >= s->params.n_seq_max) return lj_fail(LJ_ERR_ARG, "seq %d out of range", seq);
    s->kv.seq_rm(seq, std::max(p0, 0), p1);
    return LJ_OK;
}

extern "C" lj_status lj_seq_cp(lj_session * s, int32_t src, int32_t dst) {
    if (!s) return lj_fail(LJ_ERR_ARG, "null session");
    if (src < 0 || src >= s->params.n_seq_max || dst < 0 || dst >= s->params.n_seq_max)
        return lj_fail(LJ_ERR_ARG, "seq %d -> %d out of range [0, %d)", src, dst, s->params.n_seq_max);
    if (src != dst) s->kv.seq_cp(src, dst);
    return LJ_OK;
}

extern "C" int32_t lj_seq_pos_next(const lj_session * s, int32_t seq) {
    if (!s || seq < 0 || seq >= s->params.n_seq_max) return -1;
    return s->kv.seq_pos_next(seq);
}
