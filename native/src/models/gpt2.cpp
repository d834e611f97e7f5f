// GPT-2: learned positions, pre-LayerNorm blocks, fused qkv, tanh-GELU MLP.
#include "lj-graph.h"

void lj_build_gpt2(lj_graph & g) {
    const auto & hp = g.hp;
    const auto & m = g.model;
    ggml_context * ctx = g.ctx;
    const int64_t T = g.shape.n_tokens, hd = hp.head_dim, n_q = hd * hp.n_head, n_kv = lj_n_embd_gqa(hp);

    // raw input vectors get the position embedding too, as HF's inputs_embeds path does
    ggml_tensor * inpL = ggml_add(ctx, g.build_inp_embd(), ggml_get_rows(ctx, m.pos_embd, g.build_inp_pos()));

    for (int il = 0; il < hp.n_layer; il++) {
        const lj_layer & l = m.layers[il];
        ggml_tensor * cur = g.build_norm_layer(inpL, l.attn_norm, l.attn_norm_b, hp.norm_eps);

        ggml_tensor * qkv = g.linear(l.wqkv, l.wqkv_b, cur); // [n_q + 2 n_kv, T]
        const size_t es = ggml_element_size(qkv);
        ggml_tensor * q = ggml_view_3d(ctx, qkv, hd, hp.n_head, T, hd * es, qkv->nb[1], 0);
        ggml_tensor * k = ggml_view_3d(ctx, qkv, hd, hp.n_head_kv, T, hd * es, qkv->nb[1], n_q * es);
        ggml_tensor * v = ggml_view_3d(ctx, qkv, hd, hp.n_head_kv, T, hd * es, qkv->nb[1], (n_q + n_kv) * es);
        cur = g.build_attn(il, q, k, v, l.wo, l.wo_b);

        if (il == hp.n_layer - 1) {
            if (g.shape.n_outputs == 0) return; // only the cache was wanted
            cur = g.select_outputs(cur);
            inpL = g.select_outputs(inpL);
        }
        ggml_tensor * ffn_inp = ggml_add(ctx, cur, inpL);

        cur = g.build_norm_layer(ffn_inp, l.ffn_norm, l.ffn_norm_b, hp.norm_eps);
        cur = g.linear(l.ffn_down, l.ffn_down_b, g.build_gelu_tanh(g.linear(l.ffn_up, l.ffn_up_b, cur)));
        inpL = ggml_add(ctx, cur, ffn_inp);
        g.capture_layer(il, inpL);
    }
    g.build_output(inpL);
}
