#include "llama-like.h"

void lj_build_llama_like(lj_graph & g, const lj_llama_variant & variant) {
    const auto & hp = g.hp;
    const auto & m = g.model;
    ggml_context * ctx = g.ctx;
    const int64_t T = g.shape.n_tokens, hd = hp.head_dim;

    ggml_tensor * inpL = g.build_inp_embd();
    ggml_tensor * pos = g.build_inp_pos();

    auto rope = [&](ggml_tensor * x) {
        return ggml_rope_ext(ctx, x, pos, m.rope_freqs, (int) hd, variant.rope_mode, hp.n_ctx_train,
                             hp.rope_freq_base, 1.0f, 0.0f, 1.0f, 32.0f, 1.0f);
    };

    for (int il = 0; il < hp.n_layer; il++) {
        const lj_layer & l = m.layers[il];
        ggml_tensor * cur = g.build_norm_rms(inpL, l.attn_norm, hp.norm_eps);

        ggml_tensor * q = ggml_reshape_3d(ctx, g.linear(l.wq, l.bq, cur), hd, hp.n_head, T);
        ggml_tensor * k = ggml_reshape_3d(ctx, g.linear(l.wk, l.bk, cur), hd, hp.n_head_kv, T);
        ggml_tensor * v = ggml_reshape_3d(ctx, g.linear(l.wv, l.bv, cur), hd, hp.n_head_kv, T);
        if (variant.qk_norm) {
            q = g.build_norm_rms(q, l.q_norm, hp.norm_eps);
            k = g.build_norm_rms(k, l.k_norm, hp.norm_eps);
        }
        cur = g.build_attn(il, rope(q), rope(k), v, l.wo, nullptr);

        if (il == hp.n_layer - 1) {
            if (g.shape.n_outputs == 0) return;
            cur = g.select_outputs(cur);
            inpL = g.select_outputs(inpL);
        }
        ggml_tensor * ffn_inp = ggml_add(ctx, cur, inpL);

        cur = g.build_norm_rms(ffn_inp, l.ffn_norm, hp.norm_eps);
        cur = ggml_swiglu_split(ctx, ggml_mul_mat(ctx, l.ffn_gate, cur), ggml_mul_mat(ctx, l.ffn_up, cur));
        inpL = ggml_add(ctx, ggml_mul_mat(ctx, l.ffn_down, cur), ffn_inp);
        g.capture_layer(il, inpL);
    }
    g.build_output(inpL);
}
