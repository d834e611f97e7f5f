#include "lj-graph.h"
#include <algorithm>
#include <cmath>

ggml_tensor * lj_graph::linear(ggml_tensor * w, ggml_tensor * b, ggml_tensor * x) {
    ggml_tensor * y = ggml_mul_mat(ctx, w, x);
    return b ? ggml_add(ctx, y, b) : y;
}

ggml_tensor * lj_graph::build_inp_embd() {
    if (inp_override) return inp_override;
    const int64_t T = shape.n_tokens, K = shape.n_mix;
    in.ids = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, K * T);
    ggml_set_input(in.ids);
    in.weights = ggml_new_tensor_3d(ctx, GGML_TYPE_F32, 1, K, T);
    ggml_set_input(in.weights);
    // rows [n_embd, K, T] times weights, summed over K: a token row is 1 * E[id] (+ 0 * E[0] in unused
    // slots), so tokens stay bit-exact; a fixed number of nodes whatever K, for short graphs on the GPU
    ggml_tensor * rows = ggml_reshape_3d(ctx, ggml_get_rows(ctx, model.tok_embd, in.ids), hp.n_embd, K, T);
    ggml_tensor * cur = ggml_mul(ctx, rows, in.weights);
    if (K > 1) {
        cur = ggml_sum_rows(ctx, ggml_cont(ctx, ggml_permute(ctx, cur, 1, 0, 2, 3))); // [1, n_embd, T]
    }
    cur = ggml_reshape_2d(ctx, cur, hp.n_embd, T);
    if (shape.has_raw) {
        in.raw = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, hp.n_embd, T);
        ggml_set_input(in.raw);
        cur = ggml_add(ctx, cur, in.raw);
    }
    ggml_set_name(cur, "inp_embd");
    return cur;
}

ggml_tensor * lj_graph::build_inp_pos() {
    in.pos = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_tokens);
    ggml_set_input(in.pos);
    return in.pos;
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

ggml_tensor * lj_graph::build_attn(int il, ggml_tensor * q, ggml_tensor * k, ggml_tensor * v, ggml_tensor * wo, ggml_tensor * wo_b) {
    const int64_t T = shape.n_tokens, n_kv = shape.n_kv, hd = hp.head_dim;
    const int64_t n_embd_gqa = lj_n_embd_gqa(hp);
    if (!in.kv_idx) {
        in.kv_idx = ggml_new_tensor_1d(ctx, GGML_TYPE_I64, T);
        ggml_set_input(in.kv_idx);
        in.kq_mask = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, n_kv, T);
        ggml_set_input(in.kq_mask);
    }
    // store this batch's keys and values; the views below read through the stores, so they run first
    ggml_tensor * k_all = ggml_set_rows(ctx, kv.k[il], ggml_reshape_2d(ctx, ggml_cont(ctx, k), n_embd_gqa, T), in.kv_idx);
    ggml_tensor * v_all = ggml_set_rows(ctx, kv.v[il], ggml_reshape_2d(ctx, ggml_cont(ctx, v), n_embd_gqa, T), in.kv_idx);
    ggml_build_forward_expand(gf, k_all); // stored even when nothing downstream is wanted
    ggml_build_forward_expand(gf, v_all);

    ggml_tensor * K = ggml_view_3d(ctx, k_all, hd, hp.n_head_kv, n_kv, ggml_row_size(k_all->type, hd), k_all->nb[1], 0);
    K = ggml_permute(ctx, K, 0, 2, 1, 3);                 // [hd, n_kv, n_head_kv]
    ggml_tensor * Q = ggml_permute(ctx, q, 0, 2, 1, 3);   // [hd, T, n_head]
    ggml_tensor * V = ggml_view_3d(ctx, v_all, hd, hp.n_head_kv, n_kv, ggml_row_size(v_all->type, hd), v_all->nb[1], 0);
    const float scale = 1.0f / sqrtf((float) hd);
    ggml_tensor * cur;
    if (kv.k[il]->type != GGML_TYPE_F32) {
        // F16/BF16 caches (llama.cpp's default) get ggml's flash attention: no KQ matrix, no V transpose,
        // whatever the depth. The exact F32 cache keeps the op chain below, whose rows do not depend on the
        // other rows of the batch: flash attention picks its CPU kernel by row count and depth (split-KV for
        // one row at 512+ cells, tiles for many rows), which moves the last bits of greedy logits.
        if (!kq_mask_f16) kq_mask_f16 = ggml_cast(ctx, in.kq_mask, GGML_TYPE_F16); // the op takes an F16 mask
        ggml_tensor * kqv = ggml_flash_attn_ext(ctx, Q, K, ggml_permute(ctx, V, 0, 2, 1, 3), kq_mask_f16, scale, 0.0f, 0.0f);
        ggml_flash_attn_ext_set_prec(kqv, GGML_PREC_F32);
        cur = ggml_reshape_2d(ctx, kqv, hd * hp.n_head, T); // [hd, n_head, T]
    } else {
        ggml_tensor * kq = ggml_mul_mat(ctx, K, Q);       // [n_kv, T, n_head]
        ggml_mul_mat_set_prec(kq, GGML_PREC_F32);
        kq = ggml_soft_max_ext(ctx, kq, in.kq_mask, scale, 0.0f);
        V = ggml_cont(ctx, ggml_permute(ctx, V, 1, 2, 0, 3)); // [n_kv, hd, n_head_kv]
        ggml_tensor * kqv = ggml_mul_mat(ctx, V, kq);     // [hd, T, n_head]
        cur = ggml_cont_2d(ctx, ggml_permute(ctx, kqv, 0, 2, 1, 3), hd * hp.n_head, T);
    }
    return linear(wo, wo_b, cur);
}

ggml_tensor * lj_graph::select_outputs(ggml_tensor * x) {
    if (!in.out_ids) {
        in.out_ids = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_outputs);
        ggml_set_input(in.out_ids);
    }
    return ggml_get_rows(ctx, x, in.out_ids);
}

ggml_tensor * lj_graph::build_prj(ggml_tensor * h) {
    const lj_prj & p = model.prj;
    ggml_tensor * z = linear(p.fc2, p.fc2_b, ggml_gelu_erf(ctx, linear(p.fc1, p.fc1_b, h)));
    if (p.ln) z = build_norm_layer(z, p.ln, p.ln_b, hp.prj_norm_eps);
    return z;
}

ggml_tensor * lj_graph::build_final_norm(ggml_tensor * x) {
    return hp.arch == LJ_ARCH_GPT2 ? build_norm_layer(x, model.output_norm, model.output_norm_b, hp.norm_eps)
                                   : build_norm_rms(x, model.output_norm, hp.norm_eps);
}

void lj_graph::capture_layer(int il, ggml_tensor * x) {
    if (!shape.layer_outputs || shape.n_outputs == 0) return;
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
        // each sequence's last hidden state stays on the device for the latent loop
        in.state_src = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_state);
        ggml_set_input(in.state_src);
        in.state_dst = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, shape.n_state);
        ggml_set_input(in.state_dst);
        ggml_build_forward_expand(gf, ggml_set_rows(ctx, hid_state, ggml_get_rows(ctx, x, in.state_src), in.state_dst));
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
    t_entropy = ggml_sum_rows(ctx, ggml_mul(ctx, p, allowed));
    t_topk_ids = ggml_top_k(ctx, p, shape.reduce.top_k);
    t_topk_p = ggml_get_rows(ctx, ggml_reshape_3d(ctx, p, 1, limit, n_out), t_topk_ids);
    for (ggml_tensor * t : {t_entropy, t_x_max, t_topk_ids, t_topk_p}) {
        ggml_set_output(t);
        ggml_build_forward_expand(gf, t);
    }
}
