// CODI's training forward pass (docs/codi-training.md): the teacher over q + cot + ans, and the student over
// q + bot, the unrolled latent steps and eot + ans.
//
// The blocks come from the same per-architecture builders as inference (models/<arch>.cpp): lj_train_graph
// runs them with lj_graph's virtual blocks replaced by ops that have a backward pass in ggml. Inference
// writes keys and values into a KV cache (set_rows has no backward) and uses ggml_norm, tanh and gelu_erf,
// which have none either. Here a sequence is computed segment by segment, one builder run each: each
// segment attends to the keys and values of the earlier ones, and those are graph tensors, so gradients
// reach every position. Training reads the plain weights; repacked copies are for inference only.
#include "lj-graph.h"
#include "lj-train.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace {

// One position of one row: padding slots are masked out as keys and never produce a loss.
struct slot {
    int32_t pos;
    bool valid;
};

// Training has no KV cache; lj_graph's reference needs one to point at.
lj_kv_cache & no_cache() {
    static lj_kv_cache empty;
    return empty;
}

struct lj_train_graph final : lj_graph {
    const lj_trainer & tr;
    lj_train_inputs & in;
    const int64_t B;

    std::vector<ggml_tensor *> k_all, v_all;     // per layer: [head_dim, n_head_kv, n_slots, B]
    std::vector<std::vector<slot>> slots;        // per row: every slot so far
    std::map<std::vector<int64_t>, ggml_tensor *> zeros_by_shape;

    // the segment being built: what the builder's blocks read and where they leave their results
    ggml_tensor * seg_inp = nullptr;             // [n_embd, T*B] input vectors
    ggml_tensor * seg_pos = nullptr;             // I32 [T*B]
    ggml_tensor * seg_mask = nullptr;            // [S + T, T, 1, B]
    int64_t seg_T = 0;
    std::vector<ggml_tensor *> * seg_hs = nullptr;
    ggml_tensor * seg_out = nullptr;             // the last block's output after the final norm

    lj_train_graph(const lj_trainer & tr, ggml_context * ctx, ggml_cgraph * gf, lj_train_inputs & in, int64_t n_rows)
        : lj_graph(*tr.model, no_cache(), nullptr, lj_graph_shape{}, ctx, gf), tr(tr), in(in), B(n_rows),
          k_all(hp.n_layer, nullptr), v_all(hp.n_layer, nullptr), slots(n_rows) {}

    ggml_tensor * input_i32(std::vector<int32_t> data) {
        ggml_tensor * t = ggml_new_tensor_1d(ctx, GGML_TYPE_I32, (int64_t) data.size());
        ggml_set_input(t);
        in.i32.emplace_back(t, std::move(data));
        return t;
    }

    ggml_tensor * input_f32(std::vector<float> data, int64_t ne0, int64_t ne1, int64_t ne2 = 1, int64_t ne3 = 1) {
        ggml_tensor * t = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, ne0, ne1, ne2, ne3);
        ggml_set_input(t);
        in.f32.emplace_back(t, std::move(data));
        return t;
    }

    // a zero tensor that no op writes into, shared by shape
    ggml_tensor * zeros(int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3) {
        ggml_tensor *& t = zeros_by_shape[{ne0, ne1, ne2, ne3}];
        if (!t) {
            t = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, ne0, ne1, ne2, ne3);
            ggml_set_input(t);
            in.zeros.push_back(t);
        }
        return t;
    }

    // ---- lj_graph's blocks, differentiable ----

    ggml_tensor * build_inp_embd() override { return seg_inp; }
    ggml_tensor * build_inp_pos() override { return seg_pos; }
    ggml_tensor * select_outputs(ggml_tensor * x) override { return x; } // every row has a loss or a hidden state

    // W x (+ b), plus scale * B (A x) where W has a LoRA adapter
    ggml_tensor * linear(ggml_tensor * w, ggml_tensor * b, ggml_tensor * x) override {
        ggml_tensor * y = ggml_mul_mat(ctx, w, x);
        auto it = tr.lora.find(w);
        if (it != tr.lora.end()) {
            ggml_tensor * ba = ggml_mul_mat(ctx, it->second.b, ggml_mul_mat(ctx, it->second.a, x));
            y = ggml_add(ctx, y, ggml_scale(ctx, ba, tr.lora_scale));
        }
        return b ? ggml_add(ctx, y, b) : y;
    }

    // LayerNorm is RMSNorm of the centred vector (ggml_norm has no backward pass)
    ggml_tensor * build_norm_layer(ggml_tensor * x, ggml_tensor * w, ggml_tensor * b, float eps) override {
        ggml_tensor * mean = ggml_scale(ctx, ggml_sum_rows(ctx, x), 1.0f / (float) x->ne[0]);
        // ggml_sub does not reduce a broadcast operand's gradient: broadcast explicitly
        ggml_tensor * y = ggml_mul(ctx, ggml_rms_norm(ctx, ggml_sub(ctx, x, ggml_repeat(ctx, mean, x)), eps), w);
        return b ? ggml_add(ctx, y, b) : y;
    }

    // GPT-2's gelu_new, 0.5 x (1 + tanh(u)) = x sigmoid(2u), with sigmoid(v) = exp(-softplus(-v)):
    // tanh has no backward pass, and this form overflows nowhere
    ggml_tensor * build_gelu_tanh(ggml_tensor * x) override {
        const float c = sqrtf(2.0f / (float) M_PI);
        ggml_tensor * w = ggml_add(ctx, x, ggml_scale(ctx, ggml_mul(ctx, ggml_sqr(ctx, x), x), 0.044715f));
        ggml_tensor * sig = ggml_exp(ctx, ggml_scale(ctx, ggml_softplus(ctx, ggml_scale(ctx, w, -2.0f * c)), -1.0f));
        return ggml_mul(ctx, x, sig);
    }

    // GELU with erf, x Phi(x), Phi(x) = 0.5 + sgn(x) (0.5 - erfc(|x| / sqrt 2) / 2). erfc is Numerical
    // Recipes' erfcc (fractional error < 1.2e-7): gelu_erf has no backward pass
    ggml_tensor * build_gelu_erf(ggml_tensor * x) override {
        static const float c[] = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f,
                                  0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};
        ggml_tensor * a = ggml_scale(ctx, ggml_abs(ctx, x), (float) M_SQRT1_2);
        ggml_tensor * t = ggml_exp(ctx, ggml_scale(ctx, ggml_log(ctx, ggml_scale_bias(ctx, a, 0.5f, 1.0f)), -1.0f)); // 1 / (1 + a/2)
        ggml_tensor * p = ggml_scale(ctx, t, c[9]);
        for (int i = 8; i >= 1; i--) p = ggml_mul(ctx, t, ggml_scale_bias(ctx, p, 1.0f, c[i]));
        ggml_tensor * expo = ggml_add(ctx, ggml_scale_bias(ctx, ggml_sqr(ctx, a), -1.0f, c[0]), p);
        ggml_tensor * erfc = ggml_mul(ctx, t, ggml_exp(ctx, expo));
        ggml_tensor * phi = ggml_scale_bias(ctx, ggml_mul(ctx, ggml_sgn(ctx, x), ggml_scale_bias(ctx, erfc, -0.5f, 0.5f)), 1.0f, 0.5f);
        return ggml_mul(ctx, x, phi);
    }

    // q: [hd, n_head, T*B]; k, v: [hd, n_head_kv, T*B]: the segment's rows attend to every earlier slot of
    // their own row and to their own valid earlier positions in the segment
    ggml_tensor * build_attn(int il, ggml_tensor * q, ggml_tensor * k, ggml_tensor * v, ggml_tensor * wo, ggml_tensor * wo_b) override {
        const int64_t hd = hp.head_dim, T = seg_T;
        k_all[il] = append_slots(k_all[il], ggml_reshape_4d(ctx, ggml_cont(ctx, k), hd, hp.n_head_kv, T, B));
        v_all[il] = append_slots(v_all[il], ggml_reshape_4d(ctx, ggml_cont(ctx, v), hd, hp.n_head_kv, T, B));

        ggml_tensor * Q = permuted(ggml_reshape_4d(ctx, ggml_cont(ctx, q), hd, hp.n_head, T, B), 0, 2, 1, 3); // [hd, T, n_head, B]
        ggml_tensor * K = repeat_heads(permuted(k_all[il], 0, 2, 1, 3));                                 // [hd, S, n_head, B]
        ggml_tensor * V = repeat_heads(permuted(v_all[il], 1, 2, 0, 3));                                 // [S, hd, n_head, B]
        ggml_tensor * kq = ggml_mul_mat(ctx, K, Q);                                                      // [S, T, n_head, B]
        kq = ggml_soft_max_ext(ctx, kq, seg_mask, 1.0f / sqrtf((float) hd), 0.0f);
        ggml_tensor * kqv = ggml_mul_mat(ctx, V, kq);                                                    // [hd, T, n_head, B]
        return linear(wo, wo_b, ggml_reshape_2d(ctx, permuted(kqv, 0, 2, 1, 3), hd * hp.n_head, T * B));
    }

    // HF's hidden states: the input embedding (il = -1) and the outputs of blocks 0..L-2; the last block's
    // comes after the final norm (build_output)
    void capture_layer(int il, ggml_tensor * x) override {
        if (seg_hs && il < hp.n_layer - 1) seg_hs->push_back(x);
    }

    void build_output(ggml_tensor * x) override {
        seg_out = build_final_norm(x);
        if (seg_hs) seg_hs->push_back(seg_out);
    }

    // ---- segments ----

    // [.., .., S, B] followed by [.., .., T, B] along dim 2 (ggml_concat has no backward pass)
    ggml_tensor * append_slots(ggml_tensor * all, ggml_tensor * x) {
        if (!all) return x;
        ggml_tensor * z = zeros(all->ne[0], all->ne[1], all->ne[2] + x->ne[2], all->ne[3]);
        z = ggml_acc(ctx, z, all, z->nb[1], z->nb[2], z->nb[3], 0);
        return ggml_acc(ctx, z, x, z->nb[1], z->nb[2], z->nb[3], all->ne[2] * z->nb[2]);
    }

    // [hd, S, n_head_kv, B] -> [hd, S, n_head, B], head h reading kv head h / (n_head / n_head_kv) as
    // ggml's GQA does (mul_mat's backward cannot broadcast heads in a 4-D batch)
    ggml_tensor * repeat_heads(ggml_tensor * x) {
        const int64_t g = hp.n_head / hp.n_head_kv;
        if (g == 1) return x;
        ggml_tensor * r = ggml_reshape_4d(ctx, x, x->ne[0] * x->ne[1], 1, x->ne[2], x->ne[3]);
        r = ggml_repeat_4d(ctx, r, r->ne[0], g, r->ne[2], r->ne[3]);
        return ggml_reshape_4d(ctx, r, x->ne[0], x->ne[1], hp.n_head, x->ne[3]);
    }

    // A contiguous permuted copy. The reshape in front is a no-op forward; backward it makes the gradient
    // contiguous again (permute's backward is a strided view, which ggml_acc's backward would misread).
    ggml_tensor * permuted(ggml_tensor * x, int a0, int a1, int a2, int a3) {
        ggml_tensor * same = ggml_reshape_4d(ctx, x, x->ne[0], x->ne[1], x->ne[2], x->ne[3]);
        return ggml_cont(ctx, ggml_permute(ctx, same, a0, a1, a2, a3));
    }

    // The architecture's blocks over one segment of T slots per row. x: [n_embd, T*B] input vectors (slot j
    // of row b at b*T + j). hs, when given, receives HF's L+1 hidden states of the segment. Returns the last
    // block's output after the final norm.
    ggml_tensor * segment(ggml_tensor * x, const std::vector<std::vector<slot>> & seg, std::vector<ggml_tensor *> * hs) {
        const int64_t T = (int64_t) seg[0].size(), S = (int64_t) slots[0].size(), S1 = S + T;
        std::vector<int32_t> pos(T * B);
        for (int64_t b = 0; b < B; b++) {
            for (int64_t j = 0; j < T; j++) pos[b * T + j] = seg[b][j].valid ? seg[b][j].pos : 0;
            slots[b].insert(slots[b].end(), seg[b].begin(), seg[b].end());
        }
        // each row sees its own valid earlier positions; a padding slot sees itself, so that no
        // softmax row is empty (NaN there would poison the weight gradients even at zero weight)
        std::vector<float> mask(S1 * T * B, -INFINITY);
        for (int64_t b = 0; b < B; b++) {
            for (int64_t j = 0; j < T; j++) {
                const slot & q = seg[b][j];
                float * row = &mask[(b * T + j) * S1];
                for (int64_t s = 0; s < S1; s++) {
                    const slot & key = slots[b][s];
                    if ((q.valid && key.valid && key.pos <= q.pos) || s == S + j) row[s] = 0.0f;
                }
            }
        }
        seg_inp = x;
        seg_pos = input_i32(std::move(pos));
        seg_mask = input_f32(std::move(mask), S1, T, 1, B);
        seg_T = T;
        seg_hs = hs;
        seg_out = nullptr;
        shape.n_tokens = shape.n_outputs = (int32_t) (T * B);
        model.arch->build(*this);
        return seg_out;
    }

    // token rows of a segment, right-padded to the longest
    ggml_tensor * token_rows(const std::vector<const int32_t *> & ids, const std::vector<int32_t> & n, int64_t T) {
        std::vector<int32_t> flat(T * B, 0);
        for (int64_t b = 0; b < B; b++) {
            for (int64_t j = 0; j < n[b]; j++) flat[b * T + j] = ids[b][j];
        }
        return ggml_get_rows(ctx, model.tok_embd, input_i32(std::move(flat)));
    }

    // The LM head with the vocabulary in C slices. Its backward pass then sums each hidden state's gradient
    // over V/C tokens per slice and adds the C partial sums, instead of one float sum over the whole
    // vocabulary, whose rounding dominated the error against a float64 reference on small gradients.
    ggml_tensor * lm_head(ggml_tensor * h) {
        const int64_t V = hp.n_vocab, D = hp.n_embd, N = h->ne[1], C = vocab_slices(V);
        if (C == 1) return ggml_mul_mat(ctx, model.output, h);
        ggml_tensor * w = ggml_reshape_3d(ctx, model.output, D, V / C, C);
        ggml_tensor * hc = ggml_repeat_4d(ctx, ggml_reshape_3d(ctx, h, D, N, 1), D, N, C, 1);
        ggml_tensor * logits = ggml_mul_mat(ctx, w, hc);                     // [V/C, N, C]
        return ggml_reshape_2d(ctx, permuted(logits, 0, 2, 1, 3), V, N);    // [V/C, C, N] = [V, N]
    }

    // a divisor of V near V / 2048 (slices of about 2k tokens), or 1
    static int64_t vocab_slices(int64_t V) {
        const int64_t want = V / 2048;
        if (want < 2) return 1;
        for (int64_t c = want; c <= std::min<int64_t>(V, 4 * want); c++) {
            if (V % c == 0) return c;
        }
        for (int64_t c = want - 1; c >= 2; c--) {
            if (V % c == 0) return c;
        }
        return 1;
    }

    // mean token cross-entropy: hidden row src[i] of h predicts target[i]
    ggml_tensor * cross_entropy(ggml_tensor * h, std::vector<int32_t> src, const std::vector<int32_t> & target) {
        const int64_t N = (int64_t) src.size(), V = hp.n_vocab;
        ggml_tensor * logits = lm_head(ggml_get_rows(ctx, h, input_i32(std::move(src)))); // [V, N]
        // one-hot labels written on the device: a 1 at row i, column target[i] of a zeroed [V, N]
        ggml_tensor * dst = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, 1, V * N);
        ggml_set_input(dst);
        in.zeros.push_back(dst);
        std::vector<int64_t> at(N); // V * N passes 2^31 on big vocabularies and batches
        for (int64_t i = 0; i < N; i++) at[i] = i * V + target[i];
        ggml_tensor * at_t = ggml_new_tensor_1d(ctx, GGML_TYPE_I64, N);
        ggml_set_input(at_t);
        in.i64.emplace_back(at_t, std::move(at));
        ggml_tensor * ones = input_f32(std::vector<float>(N, 1.0f), 1, N);
        ggml_tensor * labels = ggml_reshape_2d(ctx, ggml_set_rows(ctx, dst, ones, at_t), V, N);
        return ggml_cross_entropy_loss(ctx, logits, labels);
    }

    // each row's vector at slot idx[b] of a segment of T slots: [n_embd, B]
    ggml_tensor * pick(ggml_tensor * h, ggml_tensor * rows) { return ggml_get_rows(ctx, h, rows); }

    std::vector<int32_t> row_slots(int64_t T, const std::vector<int32_t> & at) const {
        std::vector<int32_t> r(B);
        for (int64_t b = 0; b < B; b++) r[b] = (int32_t) (b * T + at[b]);
        return r;
    }
};

int32_t max_of(const std::vector<int32_t> & v) {
    int32_t r = 0;
    for (int32_t x : v) r = std::max(r, x);
    return r;
}

} // namespace

lj_train_pass lj_train_build_teacher(const lj_trainer & tr, ggml_context * ctx, ggml_cgraph * gf, const lj_train_example * rows, int32_t n_rows,
                                     lj_train_inputs & in) {
    lj_train_pass pass;
    auto owner = std::make_shared<lj_train_graph>(tr, ctx, gf, in, n_rows);
    pass.graph = owner;
    lj_train_graph & g = *owner;
    std::vector<const int32_t *> ids(n_rows);
    std::vector<int32_t> n(n_rows), colon(n_rows), src, target;
    for (int32_t b = 0; b < n_rows; b++) {
        ids[b] = rows[b].ref;
        n[b] = rows[b].n_ref;
        colon[b] = rows[b].colon_ref;
    }
    const int64_t T = max_of(n);
    std::vector<std::vector<slot>> seg(n_rows, std::vector<slot>(T));
    for (int32_t b = 0; b < n_rows; b++) {
        for (int64_t j = 0; j < T; j++) seg[b][j] = {(int32_t) j, j < n[b]};
        // position t - 1 predicts ref[t], for every t after the question
        for (int32_t t = rows[b].ref_targets; t < n[b]; t++) {
            src.push_back((int32_t) (b * T + t - 1));
            target.push_back(rows[b].ref[t]);
        }
    }
    std::vector<ggml_tensor *> hs;
    ggml_tensor * fin = g.segment(g.token_rows(ids, n, T), seg, &hs);

    ggml_tensor * at_colon = g.input_i32(g.row_slots(T, colon));
    for (ggml_tensor * h : hs) pass.teacher_hs.push_back(g.pick(h, at_colon));
    pass.ce = pass.loss = g.cross_entropy(fin, std::move(src), target);
    return pass;
}

lj_train_pass lj_train_build_student(const lj_trainer & tr, ggml_context * ctx, ggml_cgraph * gf, const lj_train_example * rows, int32_t n_rows,
                                     const std::vector<float> & teacher, const std::vector<float> & kd_weight, lj_train_inputs & in) {
    const auto & hp = tr.model->hp;
    lj_train_pass pass;
    auto owner = std::make_shared<lj_train_graph>(tr, ctx, gf, in, n_rows);
    pass.graph = owner;
    lj_train_graph & g = *owner;
    const int32_t n_latent = tr.tp.n_latent;

    // q + bot
    std::vector<const int32_t *> ids(n_rows);
    std::vector<int32_t> n(n_rows), last(n_rows);
    for (int32_t b = 0; b < n_rows; b++) {
        ids[b] = rows[b].prompt;
        n[b] = rows[b].n_prompt;
        last[b] = n[b] - 1;
    }
    int64_t T = max_of(n);
    std::vector<std::vector<slot>> seg(n_rows, std::vector<slot>(T));
    for (int32_t b = 0; b < n_rows; b++) {
        for (int64_t j = 0; j < T; j++) seg[b][j] = {(int32_t) j, j < n[b]};
    }
    ggml_tensor * h = g.pick(g.segment(g.token_rows(ids, n, T), seg, nullptr), g.input_i32(g.row_slots(T, last)));

    // the latent steps, unrolled: z = prj(h) is the next position's input, h its post-norm output
    std::vector<std::vector<slot>> one(n_rows, std::vector<slot>(1));
    for (int32_t k = 0; k < n_latent; k++) {
        for (int32_t b = 0; b < n_rows; b++) one[b][0] = {rows[b].n_prompt + k, true};
        h = g.segment(g.build_prj(h), one, nullptr);
    }

    // eot + ans: position j predicts dec[j + 1]
    std::vector<int32_t> colon(n_rows), src, target;
    for (int32_t b = 0; b < n_rows; b++) {
        ids[b] = rows[b].dec;
        n[b] = rows[b].n_dec;
        colon[b] = rows[b].colon_dec;
    }
    T = max_of(n);
    seg.assign(n_rows, std::vector<slot>(T));
    for (int32_t b = 0; b < n_rows; b++) {
        for (int64_t j = 0; j < T; j++) seg[b][j] = {(int32_t) (rows[b].n_prompt + n_latent + j), j < n[b]};
        for (int32_t j = 0; j + 1 < n[b]; j++) {
            src.push_back((int32_t) (b * T + j));
            target.push_back(rows[b].dec[j + 1]);
        }
    }
    std::vector<ggml_tensor *> hs;
    ggml_tensor * fin = g.segment(g.token_rows(ids, n, T), seg, &hs);

    pass.ce = g.cross_entropy(fin, std::move(src), target);

    // distillation: smooth-L1 (beta 1) to the frozen teacher vectors, each layer weighted by
    // 1 / ((L+1) std_l B n_embd); min(a, 1) = a - relu(a - 1), as clamp has no backward pass
    const int64_t D = hp.n_embd, n_hs = (int64_t) hs.size();
    ggml_tensor * t_all = g.input_f32(teacher, D, n_rows, n_hs);
    ggml_tensor * at_colon = g.input_i32(g.row_slots(T, colon));
    for (int64_t l = 0; l < n_hs; l++) {
        ggml_tensor * t = ggml_view_2d(ctx, t_all, D, n_rows, t_all->nb[1], l * t_all->nb[2]);
        ggml_tensor * a = ggml_abs(ctx, ggml_sub(ctx, g.pick(hs[l], at_colon), t));
        ggml_tensor * over = ggml_relu(ctx, ggml_scale_bias(ctx, a, 1.0f, -1.0f));
        ggml_tensor * in_range = ggml_sub(ctx, a, over);
        ggml_tensor * sl1 = ggml_add(ctx, ggml_scale(ctx, ggml_sqr(ctx, in_range), 0.5f), over);
        ggml_tensor * term = ggml_scale(ctx, ggml_sum(ctx, sl1), kd_weight[l]);
        pass.kd = pass.kd ? ggml_add(ctx, pass.kd, term) : term;
    }
    pass.loss = ggml_add(ctx, pass.ce, ggml_scale(ctx, pass.kd, tr.tp.kd_factor));
    return pass;
}
