#include "lj-graph.h"
#include <algorithm>
#include <cmath>

namespace {

// Token, concept-token and raw-embedding rows: sum_k w_k E[id_k] (+ raw), slot k of row t at t*K + k.
// A token is weight 1 on its id; unused slots and rows of other kinds are weight 0 on id 0.
struct lj_input_tokens : lj_graph_input {
    ggml_tensor * ids = nullptr;      // I32 [n_mix * n_tokens]
    ggml_tensor * weights = nullptr;  // F32 [1, n_mix, n_tokens]
    ggml_tensor * raw = nullptr;      // F32 [n_embd, n_tokens] raw input vectors (absent when no row has one)
    int32_t n_mix = 1;
    std::vector<int32_t> id;
    std::vector<float> w, v;

    void set(const lj_batch & b) override {
        const int32_t T = b.n_rows, K = n_mix;
        id.assign((size_t) K * T, 0);
        w.assign((size_t) K * T, 0.0f);
        for (int32_t t = 0; t < T; t++) {
            const lj_row & r = b.rows[t];
            if (r.kind == LJ_ROW_TOKEN) {
                id[(size_t) t * K] = r.token;
                w[(size_t) t * K] = 1.0f;
            } else if (r.kind == LJ_ROW_MIXTURE) {
                for (int32_t k = 0; k < r.n_mix; k++) {
                    id[(size_t) t * K + k] = r.mix_ids[k];
                    w[(size_t) t * K + k] = r.mix_weights[k];
                }
            }
        }
        ggml_backend_tensor_set(ids, id.data(), 0, id.size() * sizeof(int32_t));
        ggml_backend_tensor_set(weights, w.data(), 0, w.size() * sizeof(float));
        if (raw) {
            const int64_t n_embd = raw->ne[0];
            v.assign((size_t) n_embd * T, 0.0f);
            for (int32_t t = 0; t < T; t++) {
                if (b.rows[t].kind == LJ_ROW_EMBD) std::copy(b.rows[t].embd, b.rows[t].embd + n_embd, v.begin() + (size_t) t * n_embd);
            }
            ggml_backend_tensor_set(raw, v.data(), 0, v.size() * sizeof(float));
        }
    }
};

struct lj_input_pos : lj_graph_input {
    ggml_tensor * pos = nullptr;      // I32 [n_tokens]
    std::vector<int32_t> p;

    void set(const lj_batch & b) override {
        p.resize(b.n_rows);
        for (int32_t t = 0; t < b.n_rows; t++) p[t] = b.rows[t].pos;
        ggml_backend_tensor_set(pos, p.data(), 0, p.size() * sizeof(int32_t));
    }
};

// Each sequence's last output hidden state stays on the device (hid_state), for latent rows.
struct lj_input_state : lj_graph_input {
    ggml_tensor * src = nullptr;      // I32 [n_state] outputs whose hidden state is kept
    ggml_tensor * dst = nullptr;      // I32 [n_state] their sequences

    void set(const lj_batch & b) override {
        ggml_backend_tensor_set(src, b.state_out.data(), 0, b.state_out.size() * sizeof(int32_t));
        ggml_backend_tensor_set(dst, b.state_seq.data(), 0, b.state_seq.size() * sizeof(int32_t));
    }
};

} // namespace

// Where the rows' keys and values go, and what each row sees: its own sequence's cells at positions <= its own.
struct lj_input_attn : lj_graph_input {
    const lj_kv_cache & kv;
    ggml_tensor * kv_idx = nullptr;   // I64 [n_tokens] cache cell of each row
    ggml_tensor * v_idx = nullptr;    // I64 [n_embd_gqa * n_tokens] with kv.v_trans: where each value element goes
    ggml_tensor * kq_mask = nullptr;  // F32 [n_kv, n_tokens]: 0 visible, -INF hidden
    int64_t n_embd_gqa = 0;
    std::vector<int64_t> idx, vidx;
    std::vector<float> mask;

    explicit lj_input_attn(const lj_kv_cache & kv) : kv(kv) {}

    void set(const lj_batch & b) override {
        const int32_t T = b.n_rows, n_kv = (int32_t) kq_mask->ne[0];
        idx.assign(b.cells.begin(), b.cells.end());
        ggml_backend_tensor_set(kv_idx, idx.data(), 0, idx.size() * sizeof(int64_t));
        if (v_idx) {
            // value j of row t goes to row j, column cell of the transposed cache: flat index j * size + cell
            vidx.resize((size_t) n_embd_gqa * T);
            for (int32_t t = 0; t < T; t++) {
                for (int64_t j = 0; j < n_embd_gqa; j++) vidx[(size_t) t * n_embd_gqa + j] = j * kv.size + b.cells[t];
            }
            ggml_backend_tensor_set(v_idx, vidx.data(), 0, vidx.size() * sizeof(int64_t));
        }
        mask.assign((size_t) n_kv * T, -INFINITY);
        for (int32_t t = 0; t < T; t++) {
            for (int32_t c = 0; c < n_kv; c++) {
                if (kv.visible(c, b.rows[t].seq, b.rows[t].pos)) mask[(size_t) t * n_kv + c] = 0.0f;
            }
        }
        ggml_backend_tensor_set(kq_mask, mask.data(), 0, mask.size() * sizeof(float));
    }
};

struct lj_input_out_ids : lj_graph_input {
    ggml_tensor * out_ids = nullptr;  // I32 [n_outputs] rows that produce outputs

    void set(const lj_batch & b) override {
        ggml_backend_tensor_set(out_ids, b.out_rows.data(), 0, b.out_rows.size() * sizeof(int32_t));
    }
};

ggml_tensor * lj_graph::linear(ggml_tensor * w, ggml_tensor * b, ggml_tensor * x) {
    ggml_tensor * y = ggml_mul_mat(ctx, w, x);
    return b ? ggml_add(ctx, y, b) : y;
}

ggml_tensor * lj_graph::build_inp_embd() {
    ggml_tensor * cur = nullptr;
    if (shape.n_latent < shape.n_tokens) {
        const int64_t T = shape.n_tokens, K = shape.n_mix;
        auto * in = add_input(std::make_unique<lj_input_tokens>());
        in->n_mix = shape.n_mix;
        in->ids = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, K * T);
        ggml_set_input(in->ids);
        in->weights = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 1, K, T);
        ggml_set_input(in->weights);
        // rows [n_embd, K, T] times weights, summed over K: a token row is 1 * E[id] (+ 0 * E[0] in unused
        // slots), so tokens stay bit-exact; a fixed number of nodes whatever K, for short graphs on the GPU
        ggml_tensor * rows = ggml_reshape_3d(ctx, ggml_get_rows(ctx, model.tok_embd, in->ids), hp.n_embd, K, T);
        cur = ggml_mul(ctx, rows, in->weights);
        if (K > 1) {
            cur = ggml_sum_rows(ctx, ggml_cont(ctx, ggml_permute(ctx, cur, 1, 0, 2, 3))); // [1, n_embd, T]
        }
        cur = ggml_reshape_2d(ctx, cur, hp.n_embd, T);
        if (shape.has_raw) {
            in->raw = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, hp.n_embd, T);
            ggml_set_input(in->raw);
            cur = ggml_add(ctx, cur, in->raw);
        }
    }
    if (shape.n_latent > 0) cur = lj_build_inp_latent(*this, cur);
    ggml_set_name(cur, "inp_embd");
    return cur;
}

ggml_tensor * lj_graph::build_inp_pos() {
    auto * in = add_input(std::make_unique<lj_input_pos>());
    in->pos = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_tokens);
    ggml_set_input(in->pos);
    return in->pos;
}

ggml_tensor * lj_graph::build_norm_layer(ggml_tensor * x, ggml_tensor * w, ggml_tensor * b, float eps) {
    x = ggml_norm(ctx, x, eps);
    x = ggml_mul(ctx, x, w);
    return b ? ggml_add(ctx, x, b) : x;
}

ggml_tensor * lj_graph::build_norm_rms(ggml_tensor * x, ggml_tensor * w, float eps) {
    return ggml_mul(ctx, ggml_rms_norm(ctx, x, eps), w);
}

ggml_tensor * lj_graph::build_gelu_tanh(ggml_tensor * x) {
    // ggml_gelu goes through an fp16 table on the CPU; HF's gelu_new is
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), computed here op by op in f32
    const float c = sqrtf(2.0f / (float) M_PI);
    ggml_tensor * x3 = ggml_mul(ctx, ggml_sqr(ctx, x), x);
    ggml_tensor * inner = ggml_scale(ctx, ggml_add(ctx, x, ggml_scale(ctx, x3, 0.044715f)), c);
    ggml_tensor * t = ggml_scale_bias(ctx, ggml_tanh(ctx, inner), 1.0f, 1.0f);
    return ggml_mul(ctx, ggml_scale(ctx, x, 0.5f), t);
}

ggml_tensor * lj_graph::build_gelu_erf(ggml_tensor * x) { return ggml_gelu_erf(ctx, x); }

ggml_tensor * lj_graph::build_attn(int il, ggml_tensor * q, ggml_tensor * k, ggml_tensor * v, ggml_tensor * wo, ggml_tensor * wo_b) {
    const int64_t T = shape.n_tokens, n_kv = shape.n_kv, hd = hp.head_dim;
    const int64_t n_embd_gqa = lj_n_embd_gqa(hp);
    if (!inp_attn) {
        inp_attn = add_input(std::make_unique<lj_input_attn>(kv));
        inp_attn->kv_idx = ggml_new_tensor_1d(ctx, GGML_TYPE_I64, T);
        ggml_set_input(inp_attn->kv_idx);
        if (kv.v_trans) {
            inp_attn->n_embd_gqa = n_embd_gqa;
            inp_attn->v_idx = ggml_new_tensor_1d(ctx, GGML_TYPE_I64, n_embd_gqa * T);
            ggml_set_input(inp_attn->v_idx);
        }
        inp_attn->kq_mask = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, n_kv, T);
        ggml_set_input(inp_attn->kq_mask);
    }
    ggml_tensor * kv_idx = inp_attn->kv_idx;
    // store this batch's keys and values; the views below read through the stores, so they run first
    ggml_tensor * k_all = ggml_set_rows(ctx, kv.k[il], ggml_reshape_2d(ctx, ggml_cont(ctx, k), n_embd_gqa, T), kv_idx);
    ggml_tensor * v_all;
    if (kv.v_trans) {
        // a transposed row's elements are size cells apart: the cache as one column, one index per element
        ggml_tensor * column = ggml_reshape_2d(ctx, kv.v[il], 1, ggml_nelements(kv.v[il]));
        v_all = ggml_set_rows(ctx, column, ggml_reshape_2d(ctx, ggml_cont(ctx, v), 1, n_embd_gqa * T), inp_attn->v_idx);
    } else {
        v_all = ggml_set_rows(ctx, kv.v[il], ggml_reshape_2d(ctx, ggml_cont(ctx, v), n_embd_gqa, T), kv_idx);
    }
    ggml_build_forward_expand(gf, k_all); // stored even when nothing downstream is wanted
    ggml_build_forward_expand(gf, v_all);

    ggml_tensor * K = ggml_view_3d(ctx, k_all, hd, hp.n_head_kv, n_kv, ggml_row_size(k_all->type, hd), k_all->nb[1], 0);
    K = ggml_permute(ctx, K, 0, 2, 1, 3);                 // [hd, n_kv, n_head_kv]
    ggml_tensor * Q = ggml_permute(ctx, q, 0, 2, 1, 3);   // [hd, T, n_head]
    const float scale = 1.0f / sqrtf((float) hd);
    ggml_tensor * cur;
    if (!kv.v_trans) {
        // F16/BF16 caches (llama.cpp's default) get ggml's flash attention: no KQ matrix, no V transpose,
        // whatever the depth. The exact F32 cache keeps the op chain below, whose rows do not depend on the
        // other rows of the batch: flash attention picks its CPU kernel by row count and depth (split-KV for
        // one row at 512+ cells, tiles for many rows), which moves the last bits of greedy logits.
        ggml_tensor * V = ggml_view_3d(ctx, v_all, hd, hp.n_head_kv, n_kv, ggml_row_size(v_all->type, hd), v_all->nb[1], 0);
        if (!kq_mask_f16) kq_mask_f16 = ggml_cast(ctx, inp_attn->kq_mask, GGML_TYPE_F16); // the op takes an F16 mask
        ggml_tensor * kqv = ggml_flash_attn_ext(ctx, Q, K, ggml_permute(ctx, V, 0, 2, 1, 3), kq_mask_f16, scale, 0.0f, 0.0f);
        ggml_flash_attn_ext_set_prec(kqv, GGML_PREC_F32);
        cur = ggml_reshape_2d(ctx, kqv, hd * hp.n_head, T); // [hd, n_head, T]
    } else {
        ggml_tensor * kq = ggml_mul_mat(ctx, K, Q);       // [n_kv, T, n_head]
        ggml_mul_mat_set_prec(kq, GGML_PREC_F32);
        kq = ggml_soft_max_ext(ctx, kq, inp_attn->kq_mask, scale, 0.0f);
        // [n_kv, hd, n_head_kv] straight from the transposed cache: each row is n_kv contiguous cells, the
        // same dot products as over a contiguous copy, in the same order
        const size_t row = ggml_row_size(v_all->type, kv.size);
        ggml_tensor * V = ggml_view_3d(ctx, v_all, n_kv, hd, hp.n_head_kv, row, row * hd, 0);
        ggml_tensor * kqv = ggml_mul_mat(ctx, V, kq);     // [hd, T, n_head]
        cur = ggml_cont_2d(ctx, ggml_permute(ctx, kqv, 0, 2, 1, 3), hd * hp.n_head, T);
    }
    return linear(wo, wo_b, cur);
}

ggml_tensor * lj_graph::select_outputs(ggml_tensor * x) {
    if (!inp_out_ids) {
        inp_out_ids = add_input(std::make_unique<lj_input_out_ids>());
        inp_out_ids->out_ids = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_outputs);
        ggml_set_input(inp_out_ids->out_ids);
    }
    return ggml_get_rows(ctx, x, inp_out_ids->out_ids);
}

ggml_tensor * lj_graph::build_prj(ggml_tensor * h) {
    const lj_prj & p = model.prj;
    ggml_tensor * z = linear(p.fc2, p.fc2_b, build_gelu_erf(linear(p.fc1, p.fc1_b, h)));
    if (p.ln) z = build_norm_layer(z, p.ln, p.ln_b, hp.prj_norm_eps);
    return z;
}

ggml_tensor * lj_graph::build_final_norm(ggml_tensor * x) {
    return model.arch->norm == LJ_NORM_LAYER ? build_norm_layer(x, model.output_norm, model.output_norm_b, hp.norm_eps)
                                             : build_norm_rms(x, model.output_norm, hp.norm_eps);
}

void lj_graph::capture_layer(int il, ggml_tensor * x) {
    if (il < 0 || !shape.layer_outputs || shape.n_outputs == 0) return;
    if (il < hp.n_layer - 1) x = select_outputs(x);
    ggml_tensor * h = build_final_norm(x);
    ggml_set_output(h);
    ggml_build_forward_expand(gf, h);
    t_layers.push_back(h);
}

void lj_graph::build_output(ggml_tensor * x) {
    x = build_final_norm(x);
    ggml_set_name(x, "result_norm");
    ggml_set_output(x);
    ggml_build_forward_expand(gf, x);
    t_hidden = x;

    if (shape.n_state > 0) {
        auto * in = add_input(std::make_unique<lj_input_state>());
        in->src = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_state);
        ggml_set_input(in->src);
        in->dst = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_state);
        ggml_set_input(in->dst);
        ggml_build_forward_expand(gf, ggml_set_rows(ctx, hid_state, ggml_get_rows(ctx, x, in->src), in->dst));
    }
    if (!shape.logits) return;

    t_logits = ggml_mul_mat(ctx, model.output, x);
    ggml_set_name(t_logits, "result_output");
    ggml_set_output(t_logits);
    ggml_build_forward_expand(gf, t_logits);

    const int64_t n_out = shape.n_outputs;
    const int64_t limit = shape.reduce.vocab_limit > 0 ? std::min<int64_t>(shape.reduce.vocab_limit, hp.n_vocab) : hp.n_vocab;
    if (shape.reduce.top_k > 0 && ggml_backend_dev_type(model.dev) == GGML_BACKEND_DEVICE_TYPE_CPU) {
        // on the CPU one fused op does it all (argmax = the first id); measured 4x cheaper than the op chain below
        reduce_args = {shape.reduce.top_k, 1.0f / shape.reduce.temperature, limit};
        t_reduced = lj_reduce_cpu(ctx, t_logits, &reduce_args);
        ggml_set_output(t_reduced);
        ggml_build_forward_expand(gf, t_reduced);
        return;
    }
    ggml_tensor * allowed = t_logits;
    if (limit < hp.n_vocab) allowed = ggml_cont(ctx, ggml_view_2d(ctx, t_logits, limit, n_out, t_logits->nb[1], 0));
    t_argmax = ggml_argmax(ctx, allowed);
    ggml_set_output(t_argmax);
    ggml_build_forward_expand(gf, t_argmax);
    if (shape.reduce.top_k <= 0) return;

    // softmax(logits / T) and its entropy on the device: only K ids and probabilities cross.
    // H = -sum p log p = -log p_max - (sum p x - x_max) / T, as p_max = 1 / sum exp((x - x_max) / T) and
    // sum p = 1: two passes over the vocabulary (p * x, its sum) and no log; the host adds the scalars
    ggml_tensor * p = ggml_soft_max_ext(ctx, allowed, nullptr, 1.0f / shape.reduce.temperature, 0.0f);
    t_x_max = ggml_get_rows(ctx, ggml_reshape_3d(ctx, allowed, 1, limit, n_out), ggml_reshape_2d(ctx, t_argmax, 1, n_out));
    t_sum_px = ggml_sum_rows(ctx, ggml_mul(ctx, p, allowed));
    t_topk_ids = ggml_top_k(ctx, p, shape.reduce.top_k);
    t_topk_p = ggml_get_rows(ctx, ggml_reshape_3d(ctx, p, 1, limit, n_out), t_topk_ids);
    for (ggml_tensor * t : {t_sum_px, t_x_max, t_topk_ids, t_topk_p}) {
        ggml_set_output(t);
        ggml_build_forward_expand(gf, t);
    }
}
