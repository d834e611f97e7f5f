// GPT-2: learned positions, pre-LayerNorm blocks, fused qkv, tanh-GELU MLP.
#include "lj-error.h"
#include "lj-graph.h"

namespace {

struct gpt2_layer {
    ggml_tensor * attn_norm, * attn_norm_b;
    ggml_tensor * wqkv, * wqkv_b;
    ggml_tensor * wo, * wo_b;
    ggml_tensor * ffn_norm, * ffn_norm_b;
    ggml_tensor * ffn_up, * ffn_up_b;
    ggml_tensor * ffn_down, * ffn_down_b;
};

struct gpt2_weights : lj_arch_weights {
    ggml_tensor * pos_embd = nullptr;
    std::vector<gpt2_layer> layers;

    std::vector<ggml_tensor **> matrices() override {
        std::vector<ggml_tensor **> out;
        for (gpt2_layer & l : layers) out.insert(out.end(), {&l.wqkv, &l.wo, &l.ffn_up, &l.ffn_down});
        return out;
    }
};

lj_status check_params(const lj_model_params & hp) {
    if ((int64_t) hp.head_dim * hp.n_head != hp.n_embd)
        return lj_fail(LJ_ERR_ARG, "gpt2: head_dim %d * n_head %d != n_embd %d", hp.head_dim, hp.n_head, hp.n_embd);
    return LJ_OK;
}

lj_status check_ctx(const lj_model_params & hp, int32_t n_ctx) {
    if (n_ctx > hp.n_ctx_train) return lj_fail(LJ_ERR_ARG, "n_ctx %d exceeds GPT-2's %d learned positions", n_ctx, hp.n_ctx_train);
    return LJ_OK;
}

std::unique_ptr<lj_arch_weights> bind(lj_model & m, lj_tensor_lookup & L) {
    const auto & hp = m.hp;
    const int64_t n_embd = hp.n_embd, n_ff = hp.n_ff;
    const int64_t n_q = (int64_t) hp.head_dim * hp.n_head, n_kv = lj_n_embd_gqa(hp);
    auto w = std::make_unique<gpt2_weights>();
    w->pos_embd = L.get("position_embd.weight", {n_embd, hp.n_ctx_train});
    m.output_norm_b = L.get("output_norm.bias", {n_embd});
    w->layers.resize(hp.n_layer);
    for (int il = 0; il < hp.n_layer; il++) {
        gpt2_layer & l = w->layers[il];
        l.attn_norm = L.get(lj_blk(il, "attn_norm.weight"), {n_embd});
        l.attn_norm_b = L.get(lj_blk(il, "attn_norm.bias"), {n_embd});
        l.wqkv = L.get(lj_blk(il, "attn_qkv.weight"), {n_embd, n_q + 2 * n_kv});
        l.wqkv_b = L.get(lj_blk(il, "attn_qkv.bias"), {n_q + 2 * n_kv});
        l.wo = L.get(lj_blk(il, "attn_output.weight"), {n_q, n_embd});
        l.wo_b = L.get(lj_blk(il, "attn_output.bias"), {n_embd});
        l.ffn_norm = L.get(lj_blk(il, "ffn_norm.weight"), {n_embd});
        l.ffn_norm_b = L.get(lj_blk(il, "ffn_norm.bias"), {n_embd});
        l.ffn_up = L.get(lj_blk(il, "ffn_up.weight"), {n_embd, n_ff});
        l.ffn_up_b = L.get(lj_blk(il, "ffn_up.bias"), {n_ff});
        l.ffn_down = L.get(lj_blk(il, "ffn_down.weight"), {n_ff, n_embd});
        l.ffn_down_b = L.get(lj_blk(il, "ffn_down.bias"), {n_embd});
    }
    return w;
}

void build(lj_graph & g) {
    const auto & hp = g.hp;
    const auto & w = static_cast<const gpt2_weights &>(*g.model.weights);
    ggml_context * ctx = g.ctx;
    const int64_t T = g.shape.n_tokens, hd = hp.head_dim, n_q = hd * hp.n_head, n_kv = lj_n_embd_gqa(hp);

    // raw input vectors and latents get the position embedding too, as HF's inputs_embeds path does
    ggml_tensor * inpL = ggml_add(ctx, g.build_inp_embd(), ggml_get_rows(ctx, w.pos_embd, g.build_inp_pos()));
    g.capture_layer(-1, inpL);

    for (int il = 0; il < hp.n_layer; il++) {
        const gpt2_layer & l = w.layers[il];
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

const lj_arch_desc k_gpt2{"gpt2", LJ_NORM_LAYER, check_params, bind, build, check_ctx};
LJ_REGISTER_ARCH(k_gpt2);

} // namespace
