// CODI's continuous thoughts and the logit lens. The hidden state h of each sequence's last output lives
// on the device (lj_session::hid_state); a latent row reads it, projects it (z = prj(h), or z = h for
// Coconut) and feeds z at its position, all in the decode's graph, so no thought crosses to the host.
#include "lj-error.h"
#include "lj-session.h"

#include <cmath>
#include <unordered_set>

// The latent rows of a batch, in row order: latent j is fed z[j] = prj(h[j]) or h[j].
struct lj_input_latent : lj_graph_input {
    ggml_tensor * seq_idx = nullptr;     // I32 [n_latent] each latent row's sequence
    ggml_tensor * coconut_idx = nullptr; // I32 [n_coconut] latents fed h itself, when the batch mixes both kinds
    ggml_tensor * row_idx = nullptr;     // I32 [n_latent] the latent rows, when the batch has rows of other kinds
    ggml_tensor * h = nullptr;           // [n_embd, n_latent] the hidden states read
    ggml_tensor * z = nullptr;           // [n_embd, n_latent] the vectors fed
    std::vector<int32_t> seqs, rows, coconut;

    void set(const lj_batch & b) override {
        seqs.clear();
        rows.clear();
        coconut.clear();
        for (int32_t t = 0; t < b.n_rows; t++) {
            const lj_row & r = b.rows[t];
            if (r.kind != LJ_ROW_LATENT && r.kind != LJ_ROW_LATENT_COCONUT) continue;
            if (r.kind == LJ_ROW_LATENT_COCONUT) coconut.push_back((int32_t) seqs.size());
            seqs.push_back(r.seq);
            rows.push_back(t);
        }
        ggml_backend_tensor_set(seq_idx, seqs.data(), 0, seqs.size() * sizeof(int32_t));
        if (coconut_idx) ggml_backend_tensor_set(coconut_idx, coconut.data(), 0, coconut.size() * sizeof(int32_t));
        if (row_idx) ggml_backend_tensor_set(row_idx, rows.data(), 0, rows.size() * sizeof(int32_t));
    }
};

ggml_tensor * lj_build_inp_latent(lj_graph & g, ggml_tensor * other) {
    ggml_context * ctx = g.ctx;
    const int64_t n_latent = g.shape.n_latent, n_coconut = g.shape.n_coconut;
    auto * in = g.add_input(std::make_unique<lj_input_latent>());
    g.inp_latent = in;
    in->seq_idx = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, n_latent);
    ggml_set_input(in->seq_idx);
    in->h = ggml_get_rows(ctx, g.hid_state, in->seq_idx);
    if (n_coconut == n_latent) {
        in->z = in->h;
    } else {
        in->z = g.build_prj(in->h);
        if (n_coconut > 0) { // the Coconut latents take h back, exactly
            in->coconut_idx = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, n_coconut);
            ggml_set_input(in->coconut_idx);
            in->z = ggml_set_rows(ctx, in->z, ggml_get_rows(ctx, in->h, in->coconut_idx), in->coconut_idx);
        }
    }
    ggml_set_output(in->h); // read back by lj_latent_loop's trace
    ggml_set_output(in->z);
    if (!other) return in->z;
    // the other rows' vectors, with the latent rows' replaced: exact z, as when only latent rows are decoded
    in->row_idx = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, n_latent);
    ggml_set_input(in->row_idx);
    return ggml_set_rows(ctx, other, in->z, in->row_idx);
}

extern "C" lj_status lj_latent_loop(lj_session * s, const int32_t * seqs, int32_t n_seqs, int32_t n_steps, int32_t mode,
                                    float * latents_out, float * hidden_out) {
    return lj_guard([&]() -> lj_status {
        if (!s || !seqs) return lj_fail(LJ_ERR_ARG, "null argument");
        if (mode != LJ_LATENT_PRJ && mode != LJ_LATENT_COCONUT) return lj_fail(LJ_ERR_ARG, "unknown latent mode %d", mode);
        if (mode == LJ_LATENT_PRJ && !s->model->prj.fc1) return lj_fail(LJ_ERR_ARG, "the model has no CODI projection (codi.prj.*)");
        if (n_seqs < 1 || n_seqs > s->params.n_seq_max) return lj_fail(LJ_ERR_ARG, "n_seqs %d out of range", n_seqs);
        if (n_steps < 0 || n_steps > LJ_MAX_STEPS) return lj_fail(LJ_ERR_ARG, "n_steps %d out of range", n_steps);
        std::unordered_set<int32_t> seen;
        for (int32_t i = 0; i < n_seqs; i++) {
            const int32_t q = seqs[i];
            if (q < 0 || q >= s->params.n_seq_max) return lj_fail(LJ_ERR_ARG, "seq %d out of range", q);
            if (!seen.insert(q).second) return lj_fail(LJ_ERR_ARG, "seq %d given twice", q);
            if (!s->has_state[q]) return lj_fail(LJ_ERR_STATE, "seq %d has no hidden state yet: decode its prompt with an output first", q);
            if (s->kv.seq_pos_next(q) + n_steps > s->n_ctx)
                return lj_fail(LJ_ERR_CONTEXT_FULL, "seq %d: %d latent steps run past the context of %d", q, n_steps, s->n_ctx);
        }
        const int64_t n_embd = s->model->hp.n_embd;
        const size_t block = (size_t) n_seqs * n_embd;

        // each step decodes one latent row per sequence; its output leaves the next h on the device
        std::vector<lj_row> rows(n_seqs);
        for (int32_t i = 0; i < n_seqs; i++) {
            rows[i] = {};
            rows[i].kind = mode == LJ_LATENT_PRJ ? LJ_ROW_LATENT : LJ_ROW_LATENT_COCONUT;
            rows[i].seq = seqs[i];
            rows[i].output = LJ_OUT_HIDDEN;
        }
        for (int32_t step = 0; step < n_steps; step++) {
            for (auto & r : rows) r.pos = s->kv.seq_pos_next(r.seq);
            if (lj_status st = s->decode(rows.data(), n_seqs); st != LJ_OK) return st;
            const lj_input_latent & in = *s->graph->inp_latent;
            if (latents_out) ggml_backend_tensor_get(in.z, latents_out + step * block, 0, block * sizeof(float));
            if (hidden_out) ggml_backend_tensor_get(in.h, hidden_out + step * block, 0, block * sizeof(float));
        }
        if (hidden_out) {
            for (int32_t i = 0; i < n_seqs; i++) {
                ggml_backend_tensor_get(s->hid_state, hidden_out + n_steps * block + i * n_embd,
                                        (size_t) seqs[i] * s->hid_state->nb[1], (size_t) n_embd * sizeof(float));
            }
        }
        return LJ_OK;
    });
}

extern "C" lj_status lj_lm_head(lj_session * s, const float * hidden, int32_t n, float * logits_out) {
    return lj_guard([&]() -> lj_status {
        if (!s || !hidden || !logits_out) return lj_fail(LJ_ERR_ARG, "null argument");
        if (n < 1 || n > LJ_MAX_STEPS) return lj_fail(LJ_ERR_ARG, "n %d out of range", n);
        if (s->model->remote()) {
            if (lj_status st = s->model->rpc->usable(); st != LJ_OK) return st;
        }
        const auto & hp = s->model->hp;
        for (int64_t i = 0; i < (int64_t) n * hp.n_embd; i++) {
            if (!std::isfinite(hidden[i])) return lj_fail(LJ_ERR_ARG, "hidden value %lld is not finite", (long long) i);
        }
        // shared with the RPC link's thread, which may outlive the call (lj_rpc_link::run)
        auto meta = std::make_shared<std::vector<uint8_t>>(ggml_tensor_overhead() * 8 + ggml_graph_overhead());
        ggml_init_params ip{meta->size(), meta->data(), true};
        ggml_context * ctx = ggml_init(ip);
        struct ctx_free { ggml_context * c; ~ctx_free() { ggml_free(c); } } guard{ctx};
        ggml_tensor * h = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, hp.n_embd, n);
        ggml_set_input(h);
        ggml_tensor * logits = ggml_mul_mat(ctx, s->model->output, h);
        ggml_set_output(logits);
        ggml_cgraph * gf = ggml_new_graph(ctx);
        ggml_build_forward_expand(gf, logits);
        s->clear_outputs(); // the scheduler's buffers are reused
        lj_rpc_link * link = s->model->rpc.get();
        lj_status st = lj_rpc_run(link, [sched = s->sched, gf, meta] {
            ggml_backend_sched_reset(sched);
            return ggml_backend_sched_alloc_graph(sched, gf) ? LJ_OK : lj_fail(LJ_ERR_NOMEM, "could not allocate the LM head graph");
        });
        if (st != LJ_OK) return st;
        ggml_backend_tensor_set(h, hidden, 0, (size_t) n * hp.n_embd * sizeof(float));
        st = lj_rpc_run(link, [sched = s->sched, gf, meta] {
            return ggml_backend_sched_graph_compute(sched, gf) == GGML_STATUS_SUCCESS ? LJ_OK : lj_fail(LJ_ERR_BACKEND, "LM head compute failed");
        });
        if (st != LJ_OK) return st;
        ggml_backend_tensor_get(logits, logits_out, 0, (size_t) n * hp.n_vocab * sizeof(float));
        return LJ_OK;
    });
}
