#include "llama-like.h"
#include "lj-error.h"

namespace {

struct llama_layer {
    ggml_tensor * attn_norm;
    ggml_tensor * wq, * wk, * wv, * wo;
    ggml_tensor * bq, * bk, * bv;     // qwen2
    ggml_tensor * q_norm, * k_norm;   // qwen3
    ggml_tensor * ffn_norm, * ffn_gate, * ffn_up, * ffn_down;
};

struct llama_weights : lj_arch_weights {
    ggml_tensor * rope_freqs = nullptr; // llama3 rope scaling factors
    std::vector<llama_layer> layers;

    std::vector<ggml_tensor **> matrices() override {
        std::vector<ggml_tensor **> out;
        for (llama_layer & l : layers) out.insert(out.end(), {&l.wq, &l.wk, &l.wv, &l.wo, &l.ffn_gate, &l.ffn_up, &l.ffn_down});
        return out;
    }
};

} // namespace

lj_status lj_llama_like_check_params(const lj_model_params & hp) {
    if (hp.head_dim % 2 != 0) return lj_fail(LJ_ERR_ARG, "RoPE needs an even head_dim, got %d", hp.head_dim);
    return LJ_OK;
}

std::unique_ptr<lj_arch_weights> lj_llama_like_bind(lj_model & m, lj_tensor_lookup & L, const lj_llama_variant & variant) {
    const auto & hp = m.hp;
    const int64_t n_embd = hp.n_embd, n_ff = hp.n_ff;
    const int64_t n_q = (int64_t) hp.head_dim * hp.n_head, n_kv = lj_n_embd_gqa(hp);
    auto w = std::make_unique<llama_weights>();
    w->rope_freqs = L.get("rope_freqs.weight", {hp.head_dim / 2}, false);
    w->layers.resize(hp.n_layer);
    for (int il = 0; il < hp.n_layer; il++) {
        llama_layer & l = w->layers[il];
        l.attn_norm = L.get(lj_blk(il, "attn_norm.weight"), {n_embd});
        l.wq = L.get(lj_blk(il, "attn_q.weight"), {n_embd, n_q});
        l.wk = L.get(lj_blk(il, "attn_k.weight"), {n_embd, n_kv});
        l.wv = L.get(lj_blk(il, "attn_v.weight"), {n_embd, n_kv});
        l.wo = L.get(lj_blk(il, "attn_output.weight"), {n_q, n_embd});
        l.bq = L.get(lj_blk(il, "attn_q.bias"), {n_q}, variant.qkv_bias);
        l.bk = L.get(lj_blk(il, "attn_k.bias"), {n_kv}, variant.qkv_bias);
        l.bv = L.get(lj_blk(il, "attn_v.bias"), {n_kv}, variant.qkv_bias);
        l.q_norm = variant.qk_norm ? L.get(lj_blk(il, "attn_q_norm.weight"), {hp.head_dim}) : nullptr;
        l.k_norm = variant.qk_norm ? L.get(lj_blk(il, "attn_k_norm.weight"), {hp.head_dim}) : nullptr;
        l.ffn_norm = L.get(lj_blk(il, "ffn_norm.weight"), {n_embd});
        l.ffn_gate = L.get(lj_blk(il, "ffn_gate.weight"), {n_embd, n_ff});
        l.ffn_up = L.get(lj_blk(il, "ffn_up.weight"), {n_embd, n_ff});
        l.ffn_down = L.get(lj_blk(il, "ffn_down.weight"), {n_ff, n_embd});
    }
    return w;
}

void lj_llama_like_build(lj_graph & g, const lj_llama_variant & variant) {
    const auto & hp = g.hp;
    const auto & w = static_cast<const llama_weights &>(*g.model.weights);
    ggml_context * ctx = g.ctx;
    const int64_t T = g.shape.n_tokens, hd = hp.head_dim;

    ggml_tensor * inpL = g.build_inp_embd();
    ggml_tensor * pos = g.build_inp_pos();
    g.capture_layer(-1, inpL);

    auto rope = [&](ggml_tensor * x) {
        return ggml_rope_ext(ctx, x, pos, w.rope_freqs, (int) hd, variant.rope_mode, hp.n_ctx_train,
                             hp.rope_freq_base, 1.0f, 0.0f, 1.0f, 32.0f, 1.0f);
    };

    for (int il = 0; il < hp.n_layer; il++) {
        const llama_layer & l = w.layers[il];
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
        cur = ggml_swiglu_split(ctx, g.linear(l.ffn_gate, nullptr, cur), g.linear(l.ffn_up, nullptr, cur));
        inpL = ggml_add(ctx, g.linear(l.ffn_down, nullptr, cur), ffn_inp);
        g.capture_layer(il, inpL);
    }
    g.build_output(inpL);
}
