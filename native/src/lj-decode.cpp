// lj_decode: batches of token, raw-embedding and concept-token rows.
#include "lj-error.h"
#include "lj-session.h"

#include <cmath>
#include <unordered_set>

static lj_status check_rows(const lj_session & s, const lj_row * rows, int32_t n_rows, lj_graph_shape & shape) {
    const auto & hp = s.model->hp;
    if (n_rows < 1) return lj_fail(LJ_ERR_ARG, "empty batch");
    if (n_rows > s.params.n_batch_max) return lj_fail(LJ_ERR_ARG, "%d rows exceed n_batch_max %d", n_rows, s.params.n_batch_max);
    shape = {};
    int32_t max_mix = 1;
    std::unordered_set<int64_t> seen; // (seq, pos)
    for (int32_t i = 0; i < n_rows; i++) {
        const lj_row & r = rows[i];
        if (r.seq < 0 || r.seq >= s.params.n_seq_max) return lj_fail(LJ_ERR_ARG, "row %d: seq %d out of range [0, %d)", i, r.seq, s.params.n_seq_max);
        if (r.pos < 0) return lj_fail(LJ_ERR_ARG, "row %d: negative position %d", i, r.pos);
        if (r.pos >= s.n_ctx) return lj_fail(LJ_ERR_CONTEXT_FULL, "row %d: position %d is past the context of %d", i, r.pos, s.n_ctx);
        if (!seen.insert(((int64_t) r.seq << 32) | (uint32_t) r.pos).second)
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
        if (r.output == LJ_OUT_LOGITS) shape.logits = true;
    }
    // few distinct mixture widths, so graphs repeat
    shape.n_mix = 1;
    while (shape.n_mix < max_mix) shape.n_mix *= 2;
    return LJ_OK;
}

// sum_k w_k E[id_k] (+ raw), slot k of row t at t*K + k: a token is weight 1 on its id; unused slots are weight 0 on id 0
static void set_embd_inputs(const lj_graph & g, const lj_row * rows, int32_t n_embd) {
    const int32_t T = g.shape.n_tokens, K = g.shape.n_mix;
    std::vector<int32_t> ids((size_t) K * T, 0);
    std::vector<float> w((size_t) K * T, 0.0f);
    for (int32_t t = 0; t < T; t++) {
        const lj_row & r = rows[t];
        if (r.kind == LJ_ROW_TOKEN) {
            ids[(size_t) t * K] = r.token;
            w[(size_t) t * K] = 1.0f;
        } else if (r.kind == LJ_ROW_MIXTURE) {
            for (int32_t k = 0; k < r.n_mix; k++) {
                ids[(size_t) t * K + k] = r.mix_ids[k];
                w[(size_t) t * K + k] = r.mix_weights[k];
            }
        }
    }
    ggml_backend_tensor_set(g.in.ids, ids.data(), 0, ids.size() * sizeof(int32_t));
    ggml_backend_tensor_set(g.in.weights, w.data(), 0, w.size() * sizeof(float));
    if (g.in.raw) {
        std::vector<float> raw((size_t) n_embd * T, 0.0f);
        for (int32_t t = 0; t < T; t++) {
            if (rows[t].kind == LJ_ROW_EMBD) std::copy(rows[t].embd, rows[t].embd + n_embd, raw.begin() + (size_t) t * n_embd);
        }
        ggml_backend_tensor_set(g.in.raw, raw.data(), 0, raw.size() * sizeof(float));
    }
}

extern "C" lj_status lj_decode(lj_session * s, const lj_row * rows, int32_t n_rows) {
    return lj_guard([&]() -> lj_status {
        if (!s || !rows) return lj_fail(LJ_ERR_ARG, "null argument");
        s->clear_outputs();
        lj_graph_shape shape;
        if (lj_status st = check_rows(*s, rows, n_rows, shape); st != LJ_OK) return st;
        std::vector<lj_step_row> plan(n_rows);
        for (int32_t i = 0; i < n_rows; i++) plan[i] = {rows[i].seq, rows[i].pos, rows[i].output};
        const int32_t n_embd = s->model->hp.n_embd;
        return s->run_step(plan, shape, nullptr, nullptr, [&](lj_graph & g) { set_embd_inputs(g, rows, n_embd); });
    });
}
