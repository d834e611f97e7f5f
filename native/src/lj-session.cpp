// Sessions and batched decode.
#include "lj-session.h"
#include "lj-error.h"
#include "ggml-cpu.h"

#include <cmath>
#include <thread>
#include <unordered_map>

static constexpr int32_t k_max_graph_nodes = 16384;

lj_session::~lj_session() {
    if (sched) ggml_backend_sched_free(sched);
    if (backend_cpu && backend_cpu != backend) ggml_backend_free(backend_cpu);
    if (backend) ggml_backend_free(backend);
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
    int n = n_threads > 0 ? n_threads : (int) std::thread::hardware_concurrency();
    ggml_backend_cpu_set_n_threads(b, n > 0 ? n : 1);
}

extern "C" lj_status lj_session_new(lj_model * model, const lj_session_params * params, lj_session ** out) {
    return lj_guard([&]() -> lj_status {
        if (!model || !params || !out) return lj_fail(LJ_ERR_ARG, "null argument");
        *out = nullptr;
        lj_session_params p = *params;
        if (p.n_seq_max < 1 || p.n_seq_max > 4096) return lj_fail(LJ_ERR_ARG, "n_seq_max %d out of range [1, 4096]", p.n_seq_max);
        const int32_t n_ctx = p.n_ctx > 0 ? p.n_ctx : model->hp.n_ctx_train;
        if (n_ctx < 1 || n_ctx > (1 << 20)) return lj_fail(LJ_ERR_ARG, "n_ctx %d out of range", n_ctx);
        if (model->hp.arch == LJ_ARCH_GPT2 && n_ctx > model->hp.n_ctx_train)
            return lj_fail(LJ_ERR_ARG, "n_ctx %d exceeds GPT-2's %d learned positions", n_ctx, model->hp.n_ctx_train);
        const int64_t cells = (int64_t) n_ctx * p.n_seq_max;
        if (cells > (1 << 24)) return lj_fail(LJ_ERR_ARG, "n_ctx * n_seq_max = %lld cells is too many", (long long) cells);
        if (p.n_batch_max <= 0) p.n_batch_max = (int32_t) std::min<int64_t>(cells, 4096);
        ggml_type kv_type = p.kv_type < 0 ? (model->weights_f32 ? GGML_TYPE_F32 : GGML_TYPE_F16) : (ggml_type) p.kv_type;
        if (kv_type != GGML_TYPE_F32 && kv_type != GGML_TYPE_F16 && kv_type != GGML_TYPE_BF16)
            return lj_fail(LJ_ERR_ARG, "KV cache type %d not supported (F32, F16 or BF16)", p.kv_type);

        auto s = std::make_unique<lj_session>();
        s->model = model;
        s->params = p;
        s->n_ctx = n_ctx;
        s->backend = ggml_backend_dev_init(model->dev, nullptr);
        if (!s->backend) return lj_fail(LJ_ERR_BACKEND, "could not start backend %s", model->dev_name.c_str());
        s->backend_cpu = ggml_backend_is_cpu(s->backend) ? s->backend : ggml_backend_init_by_type(GGML_BACKEND_DEVICE_TYPE_CPU, nullptr);
        if (!s->backend_cpu) return lj_fail(LJ_ERR_BACKEND, "could not start the CPU backend");
        set_threads(s->backend_cpu, model->hp.n_threads);

        ggml_backend_t backends[2] = {s->backend, s->backend_cpu};
        const int n_backends = s->backend_cpu == s->backend ? 1 : 2;
        s->sched = ggml_backend_sched_new(backends, nullptr, n_backends, k_max_graph_nodes, false, true);
        if (!s->sched) return lj_fail(LJ_ERR_BACKEND, "could not create the scheduler");
        if (!s->kv.init(*model, (int32_t) cells, p.n_seq_max, kv_type))
            return lj_fail(LJ_ERR_NOMEM, "could not allocate the KV cache (%lld cells)", (long long) cells);
        s->graph_meta.resize(ggml_tensor_overhead() * k_max_graph_nodes + ggml_graph_overhead_custom(k_max_graph_nodes, false));
        *out = s.release();
        return LJ_OK;
    });
}

extern "C" void lj_session_free(lj_session * session) { delete session; }

static lj_status check_rows(const lj_session & s, const lj_row * rows, int32_t n_rows, lj_graph_shape & shape) {
    const auto & hp = s.model->hp;
    if (n_rows < 1) return lj_fail(LJ_ERR_ARG, "empty batch");
    if (n_rows > s.params.n_batch_max) return lj_fail(LJ_ERR_ARG, "%d rows exceed n_batch_max %d", n_rows, s.params.n_batch_max);
    shape = {};
    shape.n_tokens = n_rows;
    int32_t max_mix = 1;
    std::unordered_map<int64_t, int32_t> seen; // (seq, pos) -> row
    for (int32_t i = 0; i < n_rows; i++) {
        const lj_row & r = rows[i];
        if (r.seq < 0 || r.seq >= s.params.n_seq_max) return lj_fail(LJ_ERR_ARG, "row %d: seq %d out of range [0, %d)", i, r.seq, s.params.n_seq_max);
        if (r.pos < 0) return lj_fail(LJ_ERR_ARG, "row %d: negative position %d", i, r.pos);
        if (r.pos >= s.n_ctx) return lj_fail(LJ_ERR_CONTEXT_FULL, "row %d: position %d is past the context of %d", i, r.pos, s.n_ctx);
        if (!seen.emplace(((int64_t) r.seq << 32) | (uint32_t) r.pos, i).second)
            return lj_fail(LJ_ERR_ARG, "row %d: seq %d pos %d appears twice in the batch", i, r.seq, r.pos);
        if (r.output < LJ_OUT_NONE || r.output > LJ_OUT_LOGITS) return lj_fail(LJ_ERR_ARG, "row %d: bad output kind %d", i, r.output);
        switch (r.kind) {
            case LJ_ROW_TOKEN:
                if (r.token < 0 || r.token >= hp.n_vocab) return lj_fail(LJ_ERR_ARG, "row %d: token %d out of range [0, %d)", i, r.token, hp.n_vocab);
                break;
            case LJ_ROW_EMBD:
                if (!r.embd) return lj_fail(LJ_ERR_ARG, "row %d: embedding row without a vector", i);
                for (int32_t j = 0; j < hp.n_embd; j++) {
                    if (!std::isfinite(r.embd[j])) return lj_fail(LJ_ERR_ARG, "row %d: embedding value %d is not finite", i, j);
                }
                shape.has_raw = true;
                break;
            case LJ_ROW_MIXTURE:
                if (r.n_mix < 1 || r.n_mix > LJ_MAX_TOPK) return lj_fail(LJ_ERR_ARG, "row %d: mixture of %d tokens (1..%d)", i, r.n_mix, LJ_MAX_TOPK);
                if (!r.mix_ids || !r.mix_weights) return lj_fail(LJ_ERR_ARG, "row %d: mixture without ids or weights", i);
                for (int32_t j = 0; j < r.n_mix; j++) {
                    if (r.mix_ids[j] < 0 || r.mix_ids[j] >= hp.n_vocab) return lj_fail(LJ_ERR_ARG, "row %d: mixture id %d out of range", i, r.mix_ids[j]);
                    if (!std::isfinite(r.mix_weights[j])) return lj_fail(LJ_ERR_ARG, "row %d: mixture weight %d is not finite", i, j);
                }
                max_mix = std::max(max_mix, r.n_mix);
                break;
            default:
                return lj_fail(LJ_ERR_ARG, "row %d: unknown row kind %d", i, r.kind);
        }
        if (r.output != LJ_OUT_NONE) shape.n_outputs++;
        if (r.output == LJ_OUT_LOGITS) shape.logits = true;
    }
    // few distinct mixture widths, so graphs repeat
    shape.n_mix = 1;
    while (shape.n_mix < max_mix) shape.n_mix *= 2;
    return LJ_OK;
}

static void build_arch(lj_graph & g) {
    switch (g.hp.arch) {
        case LJ_ARCH_GPT2: lj_build_gpt2(g); break;
        case LJ_ARCH_LLAMA: lj_build_llama(g); break;
        case LJ_ARCH_QWEN2: lj_build_qwen2(g); break;
        case LJ_ARCH_QWEN3: lj_build_qwen3(g); break;
    }
}

// Fills the graph's inputs from the rows and their cache cells.
static void set_inputs(lj_session & s, const lj_graph & g, const lj_row * rows, const std::vector<int32_t> & cells) {
    const auto & sh = g.shape;
    const int32_t T = sh.n_tokens, K = sh.n_mix, n_embd = s.model->hp.n_embd;
    std::vector<int32_t> ids((size_t) K * T, 0);
    std::vector<float> w((size_t) K * T, 0.0f);
    std::vector<int32_t> pos(T), out_ids;
    std::vector<int64_t> idx(T);
    for (int32_t t = 0; t < T; t++) {
        const lj_row & r = rows[t];
        if (r.kind == LJ_ROW_TOKEN) {
            ids[t] = r.token;
            w[t] = 1.0f;
        } else if (r.kind == LJ_ROW_MIXTURE) {
            for (int32_t k = 0; k < r.n_mix; k++) {
                ids[(size_t) k * T + t] = r.mix_ids[k];
                w[(size_t) k * T + t] = r.mix_weights[k];
            }
        }
        pos[t] = r.pos;
        idx[t] = cells[t];
        if (r.output != LJ_OUT_NONE) out_ids.push_back(t);
    }
    ggml_backend_tensor_set(g.in.ids, ids.data(), 0, ids.size() * sizeof(int32_t));
    ggml_backend_tensor_set(g.in.weights, w.data(), 0, w.size() * sizeof(float));
    ggml_backend_tensor_set(g.in.pos, pos.data(), 0, pos.size() * sizeof(int32_t));
    ggml_backend_tensor_set(g.in.kv_idx, idx.data(), 0, idx.size() * sizeof(int64_t));
    if (g.in.out_ids) ggml_backend_tensor_set(g.in.out_ids, out_ids.data(), 0, out_ids.size() * sizeof(int32_t));
    if (g.in.raw) {
        std::vector<float> raw((size_t) n_embd * T, 0.0f);
        for (int32_t t = 0; t < T; t++) {
            if (rows[t].kind == LJ_ROW_EMBD) std::copy(rows[t].embd, rows[t].embd + n_embd, raw.begin() + (size_t) t * n_embd);
        }
        ggml_backend_tensor_set(g.in.raw, raw.data(), 0, raw.size() * sizeof(float));
    }
    // causal mask per sequence: a row sees its own sequence's cells at positions <= its own
    std::vector<float> mask((size_t) sh.n_kv * T, -INFINITY);
    for (int32_t t = 0; t < T; t++) {
        for (int32_t c = 0; c < sh.n_kv; c++) {
            if (s.kv.visible(c, rows[t].seq, rows[t].pos)) mask[(size_t) t * sh.n_kv + c] = 0.0f;
        }
    }
    ggml_backend_tensor_set(g.in.kq_mask, mask.data(), 0, mask.size() * sizeof(float));
}

extern "C" lj_status lj_decode(lj_session * s, const lj_row * rows, int32_t n_rows) {
    return lj_guard([&]() -> lj_status {
        if (!s || !rows) return lj_fail(LJ_ERR_ARG, "null argument");
        s->n_outputs = 0;
        s->t_hidden = s->t_logits = nullptr;
        lj_graph_shape shape;
        if (lj_status st = check_rows(*s, rows, n_rows, shape); st != LJ_OK) return st;

        // a row at (seq, pos) replaces what the sequence held from pos on
        std::unordered_map<int32_t, int32_t> first_pos;
        for (int32_t i = 0; i < n_rows; i++) {
            auto [it, fresh] = first_pos.emplace(rows[i].seq, rows[i].pos);
            if (!fresh) it->second = std::min(it->second, rows[i].pos);
        }
        for (auto [seq, p0] : first_pos) s->kv.seq_rm(seq, p0, -1);
        if (s->kv.n_free() < n_rows) return lj_fail(LJ_ERR_CONTEXT_FULL, "KV cache full: %d rows, %d free cells", n_rows, s->kv.n_free());
        std::vector<int32_t> cells(n_rows);
        for (int32_t i = 0; i < n_rows; i++) cells[i] = s->kv.claim(rows[i].seq, rows[i].pos);

        // attend over the used prefix of the cache, padded so that the graph shape changes rarely
        const int32_t pad = ggml_backend_is_cpu(s->backend) ? 32 : 256;
        shape.n_kv = std::min(s->kv.size, (s->kv.used_extent() + pad - 1) / pad * pad);

        ggml_init_params ip{s->graph_meta.size(), s->graph_meta.data(), true};
        ggml_context * ctx = ggml_init(ip);
        if (!ctx) return lj_fail(LJ_ERR_NOMEM, "graph context");
        struct ctx_free { ggml_context * c; ~ctx_free() { ggml_free(c); } } guard{ctx};
        ggml_cgraph * gf = ggml_new_graph_custom(ctx, k_max_graph_nodes, false);
        lj_graph g(*s->model, s->kv, shape, ctx, gf);
        build_arch(g);

        ggml_backend_sched_reset(s->sched);
        if (!ggml_backend_sched_alloc_graph(s->sched, gf)) return lj_fail(LJ_ERR_NOMEM, "could not allocate the compute graph");
        set_inputs(*s, g, rows, cells);
        if (ggml_backend_sched_graph_compute(s->sched, gf) != GGML_STATUS_SUCCESS)
            return lj_fail(LJ_ERR_BACKEND, "graph compute failed on %s", s->model->dev_name.c_str());
        s->t_hidden = g.t_hidden;
        s->t_logits = g.t_logits;
        s->n_outputs = shape.n_outputs;
        return LJ_OK;
    });
}

extern "C" int32_t lj_n_outputs(const lj_session * s) { return s ? s->n_outputs : 0; }

static lj_status get_output(lj_session * s, ggml_tensor * t, const char * what, int32_t i, float * out, int64_t n) {
    if (!s || !out) return lj_fail(LJ_ERR_ARG, "null argument");
    if (!t) return lj_fail(LJ_ERR_STATE, "the last decode produced no %s", what);
    if (i < 0 || i >= s->n_outputs) return lj_fail(LJ_ERR_ARG, "output %d out of range [0, %d)", i, s->n_outputs);
    if (n != t->ne[0]) return lj_fail(LJ_ERR_ARG, "%s buffer holds %lld floats, need %lld", what, (long long) n, (long long) t->ne[0]);
    ggml_backend_tensor_get(t, out, (size_t) i * t->nb[1], (size_t) n * sizeof(float));
    return LJ_OK;
}

extern "C" lj_status lj_get_logits(lj_session * s, int32_t i, float * out, int64_t n) {
    return get_output(s, s ? s->t_logits : nullptr, "logits", i, out, n);
}

extern "C" lj_status lj_get_hidden(lj_session * s, int32_t i, float * out, int64_t n) {
    return get_output(s, s ? s->t_hidden : nullptr, "hidden state", i, out, n);
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
