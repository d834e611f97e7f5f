// CODI's continuous-thought loop and the logit lens. The hidden state h of each sequence lives on
// the device (lj_session::hid_state); a latent step reads it, projects it, feeds it at the next
// position and writes the new h back, all in one graph, so no thought crosses to the host.
#include "lj-error.h"
#include "lj-session.h"

#include <cmath>
#include <unordered_set>

extern "C" lj_status lj_latent_loop(lj_session * s, const int32_t * seqs, int32_t n_seqs, int32_t n_steps, int32_t mode,
                                    float * latents_out, float * hidden_out) {
    return lj_guard([&]() -> lj_status {
        if (!s || !seqs) return lj_fail(LJ_ERR_ARG, "null argument");
        if (mode != LJ_LATENT_PRJ && mode != LJ_LATENT_COCONUT) return lj_fail(LJ_ERR_ARG, "unknown latent mode %d", mode);
        if (mode == LJ_LATENT_PRJ && !s->model->prj.fc1) return lj_fail(LJ_ERR_ARG, "the model has no CODI projection (codi.prj.*)");
        if (n_seqs < 1 || n_seqs > s->params.n_seq_max) return lj_fail(LJ_ERR_ARG, "n_seqs %d out of range", n_seqs);
        if (n_steps < 0 || n_steps > 4096) return lj_fail(LJ_ERR_ARG, "n_steps %d out of range", n_steps);
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
        std::vector<int32_t> seq_ids(seqs, seqs + n_seqs);

        for (int32_t step = 0; step < n_steps; step++) {
            s->clear_outputs();
            std::vector<lj_step_row> rows(n_seqs);
            for (int32_t i = 0; i < n_seqs; i++) rows[i] = {seqs[i], s->kv.seq_pos_next(seqs[i]), LJ_OUT_HIDDEN};
            ggml_tensor * seq_idx = nullptr, * h_in = nullptr, * z = nullptr;
            auto pre = [&](lj_graph & g) {
                seq_idx = ggml_new_tensor_1d(g.ctx, GGML_TYPE_I32, n_seqs);
                ggml_set_input(seq_idx);
                h_in = ggml_get_rows(g.ctx, s->hid_state, seq_idx); // [n_embd, n_seqs]
                z = mode == LJ_LATENT_PRJ ? g.build_prj(h_in) : h_in;
                ggml_set_output(h_in);
                ggml_set_output(z);
                g.inp_override = z;
            };
            auto set_extra = [&](lj_graph &) { ggml_backend_tensor_set(seq_idx, seq_ids.data(), 0, seq_ids.size() * sizeof(int32_t)); };
            lj_graph_shape shape;
            if (lj_status st = s->run_step(rows, shape, pre, set_extra, nullptr); st != LJ_OK) return st;
            if (latents_out) ggml_backend_tensor_get(z, latents_out + (size_t) step * n_seqs * n_embd, 0, (size_t) n_seqs * n_embd * sizeof(float));
            if (hidden_out) ggml_backend_tensor_get(h_in, hidden_out + (size_t) step * n_seqs * n_embd, 0, (size_t) n_seqs * n_embd * sizeof(float));
        }
        if (hidden_out) {
            for (int32_t i = 0; i < n_seqs; i++) {
                ggml_backend_tensor_get(s->hid_state, hidden_out + ((size_t) n_steps * n_seqs + i) * n_embd,
                                        (size_t) seqs[i] * s->hid_state->nb[1], (size_t) n_embd * sizeof(float));
            }
        }
        return LJ_OK;
    });
}

extern "C" lj_status lj_lm_head(lj_session * s, const float * hidden, int32_t n, float * logits_out) {
    return lj_guard([&]() -> lj_status {
        if (!s || !hidden || !logits_out) return lj_fail(LJ_ERR_ARG, "null argument");
        if (n < 1 || n > 4096) return lj_fail(LJ_ERR_ARG, "n %d out of range", n);
        const auto & hp = s->model->hp;
        for (int64_t i = 0; i < (int64_t) n * hp.n_embd; i++) {
            if (!std::isfinite(hidden[i])) return lj_fail(LJ_ERR_ARG, "hidden value %lld is not finite", (long long) i);
        }
        std::vector<uint8_t> meta(ggml_tensor_overhead() * 8 + ggml_graph_overhead());
        ggml_init_params ip{meta.size(), meta.data(), true};
        ggml_context * ctx = ggml_init(ip);
        struct ctx_free { ggml_context * c; ~ctx_free() { ggml_free(c); } } guard{ctx};
        ggml_tensor * h = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, hp.n_embd, n);
        ggml_set_input(h);
        ggml_tensor * logits = ggml_mul_mat(ctx, s->model->output, h);
        ggml_set_output(logits);
        ggml_cgraph * gf = ggml_new_graph(ctx);
        ggml_build_forward_expand(gf, logits);
        s->clear_outputs(); // the scheduler's buffers are reused
        ggml_backend_sched_reset(s->sched);
        if (!ggml_backend_sched_alloc_graph(s->sched, gf)) return lj_fail(LJ_ERR_NOMEM, "could not allocate the LM head graph");
        ggml_backend_tensor_set(h, hidden, 0, (size_t) n * hp.n_embd * sizeof(float));
        if (ggml_backend_sched_graph_compute(s->sched, gf) != GGML_STATUS_SUCCESS) return lj_fail(LJ_ERR_BACKEND, "LM head compute failed");
        ggml_backend_tensor_get(logits, logits_out, 0, (size_t) n * hp.n_vocab * sizeof(float));
        return LJ_OK;
    });
}
