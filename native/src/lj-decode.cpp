// lj_decode: batches of token, raw-embedding, concept-token and latent rows, all or nothing.
#include "lj-error.h"
#include "lj-session.h"
#include "ggml-cpu.h"

#include <algorithm>
#include <cmath>

// The first row (in row order) whose (seq, pos) an earlier row already has, or -1.
static int32_t first_duplicate(lj_session & s, const lj_row * rows, int32_t n_rows) {
    auto & keys = s.row_keys;
    keys.clear();
    for (int32_t i = 0; i < n_rows; i++) keys.emplace_back(((int64_t) rows[i].seq << 32) | (uint32_t) rows[i].pos, i);
    std::sort(keys.begin(), keys.end());
    int32_t dup = -1;
    for (size_t i = 1; i < keys.size(); i++) { // sorted by row within a (seq, pos): the least is a second row
        if (keys[i].first == keys[i - 1].first && (dup < 0 || keys[i].second < dup)) dup = keys[i].second;
    }
    return dup;
}

static lj_status check_rows(lj_session & s, const lj_row * rows, int32_t n_rows, lj_graph_shape & shape) {
    const auto & hp = s.model->hp;
    if (n_rows < 1) return lj_fail(LJ_ERR_ARG, "empty batch");
    if (n_rows > s.params.n_batch_max) return lj_fail(LJ_ERR_ARG, "%d rows exceed n_batch_max %d", n_rows, s.params.n_batch_max);
    shape = {};
    int32_t max_mix = 1;
    for (int32_t i = 0; i < n_rows; i++) {
        const lj_row & r = rows[i];
        if (r.seq < 0 || r.seq >= s.params.n_seq_max) return lj_fail(LJ_ERR_ARG, "row %d: seq %d out of range [0, %d)", i, r.seq, s.params.n_seq_max);
        if (r.pos < 0) return lj_fail(LJ_ERR_ARG, "row %d: negative position %d", i, r.pos);
        if (r.pos >= s.n_ctx) return lj_fail(LJ_ERR_CONTEXT_FULL, "row %d: position %d is past the context of %d", i, r.pos, s.n_ctx);
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
            case LJ_ROW_LATENT:
            case LJ_ROW_LATENT_COCONUT:
                if (r.kind == LJ_ROW_LATENT && !s.model->prj.fc1)
                    return lj_fail(LJ_ERR_ARG, "row %d: a latent row needs the model's CODI projection (codi.prj.*)", i);
                if (!s.has_state[r.seq])
                    return lj_fail(LJ_ERR_STATE, "row %d: seq %d has no hidden state yet: decode a row of it with an output first", i, r.seq);
                shape.n_latent++;
                if (r.kind == LJ_ROW_LATENT_COCONUT) shape.n_coconut++;
                break;
            default:
                return lj_fail(LJ_ERR_ARG, "row %d: unknown row kind %d", i, r.kind);
        }
        if (r.output == LJ_OUT_LOGITS) shape.logits = true;
    }
    if (int32_t i = first_duplicate(s, rows, n_rows); i >= 0)
        return lj_fail(LJ_ERR_ARG, "row %d: seq %d pos %d appears twice in the batch", i, rows[i].seq, rows[i].pos);
    if (shape.n_latent > 0) {
        // a latent row reads the hidden state its sequence had before this batch
        auto & per_seq = s.per_seq;
        for (int32_t i = 0; i < n_rows; i++) per_seq[rows[i].seq]++;
        int32_t bad = -1;
        for (int32_t i = 0; i < n_rows && bad < 0; i++) {
            const lj_row & r = rows[i];
            if ((r.kind == LJ_ROW_LATENT || r.kind == LJ_ROW_LATENT_COCONUT) && per_seq[r.seq] > 1) bad = i;
        }
        for (int32_t i = 0; i < n_rows; i++) per_seq[rows[i].seq] = 0;
        if (bad >= 0) return lj_fail(LJ_ERR_ARG, "row %d: a latent row must be the only row of seq %d in its batch", bad, rows[bad].seq);
    }
    // few distinct mixture widths, so graphs repeat
    shape.n_mix = 1;
    while (shape.n_mix < max_mix) shape.n_mix *= 2;
    return LJ_OK;
}

// The batch's outputs, in row order; the last output row (by position) of each sequence leaves its
// hidden state on the device. last_out: [n_seq_max] zeros, left so.
static void find_outputs(lj_batch & b, std::vector<int32_t> & last_out) {
    b.out_rows.clear();
    b.state_out.clear();
    b.state_seq.clear();
    for (int32_t t = 0; t < b.n_rows; t++) {
        const lj_row & r = b.rows[t];
        if (r.output == LJ_OUT_NONE) continue;
        int32_t & last = last_out[r.seq]; // 1 + that output's index
        if (last == 0 || r.pos > b.rows[b.out_rows[last - 1]].pos) last = (int32_t) b.out_rows.size() + 1;
        b.out_rows.push_back(t);
    }
    for (int32_t o = 0; o < (int32_t) b.out_rows.size(); o++) {
        const int32_t seq = b.rows[b.out_rows[o]].seq;
        if (last_out[seq] != o + 1) continue;
        b.state_out.push_back(o);
        b.state_seq.push_back(seq);
    }
    for (int32_t seq : b.state_seq) last_out[seq] = 0;
}

lj_status lj_session::decode(const lj_row * rows, int32_t n_rows) {
    if (model->remote()) {
        if (lj_status st = model->rpc->usable(); st != LJ_OK) return st;
    }
    // nothing changes until the graph is allocated: a refused batch leaves the cache and the outputs as they were
    lj_graph_shape shape;
    if (lj_status st = check_rows(*this, rows, n_rows, shape); st != LJ_OK) return st;
    if (!kv.plan(rows, n_rows, plan)) return lj_fail(LJ_ERR_CONTEXT_FULL, "KV cache full: %d rows, %d free cells", n_rows, plan.n_free);

    lj_batch & b = batch;
    b.rows = rows;
    b.n_rows = n_rows;
    b.cells.assign(plan.cells.begin(), plan.cells.end());
    find_outputs(b, per_seq);
    shape.n_tokens = n_rows;
    shape.n_outputs = (int32_t) b.out_rows.size();
    shape.n_state = (int32_t) b.state_seq.size();
    shape.reduce = reduce;
    shape.layer_outputs = layer_outputs;
    // attend over the used prefix of the cache, padded so that the graph shape, and with it the graph, repeats
    // for many steps; the mask hides the padding (cells never written are zeros: lj_kv_cache::init). 256 on
    // GPUs, as llama.cpp, for CUDA graphs. 32 on the CPU: ggml's F32 dot product (attention's V sum over the
    // cells) adds blocks of 64 in SIMD lanes and the rest in order, so any other padding moves the last bits
    // of short sequences' outputs (OutputDigests), and a rebuild every 32 steps costs little
    const int32_t pad = ggml_backend_is_cpu(backend) ? 32 : 256;
    shape.n_kv = std::min(kv.size, (plan.extent + pad - 1) / pad * pad);

    lj_rpc_link * link = model->rpc.get();
    std::shared_ptr<lj_graph> g = graph;
    if (!g || !(g->shape == shape)) {
        // a new graph: its metadata takes the old one's place, and it is planned and allocated afresh
        graph.reset();
        g.reset();
        ggml_init_params ip{graph_meta.size(), graph_meta.data(), true};
        ggml_context * ctx = ggml_init(ip);
        if (!ctx) return lj_fail(LJ_ERR_NOMEM, "graph context");
        g = std::make_shared<lj_graph>(*model, kv, hid_state, shape, ctx, ggml_new_graph_custom(ctx, lj_max_graph_nodes, false));
        model->arch->build(*g);
        n_graphs++;
        // allocating and computing talk to the RPC servers, if any: through the link, with the graph kept alive
        lj_status allocated = lj_rpc_run(link, [sched = sched, g] {
            ggml_backend_sched_reset(sched);
            return ggml_backend_sched_alloc_graph(sched, g->gf) ? LJ_OK : lj_fail(LJ_ERR_NOMEM, "could not allocate the compute graph");
        });
        if (allocated != LJ_OK) return allocated;
    }

    kv.commit(plan, rows);
    // a failed compute may have half written the rows' keys and values: their sequences lose what the batch
    // replaced, and the graph is not reused
    auto forget = [&] {
        for (auto [seq, p0] : plan.drop) {
            kv.seq_rm(seq, p0, -1);
            has_state[seq] = false;
        }
        graph.reset();
    };
    lj_status computed;
    try {
        g->set_inputs(b); // the inputs live on the CPU (ggml's scheduler puts them there)
        computed = lj_rpc_run(link, [sched = sched, g] {
            return ggml_backend_sched_graph_compute(sched, g->gf) == GGML_STATUS_SUCCESS
                       ? LJ_OK : lj_fail(LJ_ERR_BACKEND, "graph compute failed on %s", g->model.dev_name.c_str());
        });
    } catch (...) {
        forget();
        throw;
    }
    if (computed != LJ_OK) {
        forget();
        return computed;
    }
    for (int32_t seq : b.state_seq) has_state[seq] = true;
    reduced_temperature = shape.reduce.temperature;
    graph = std::move(g);
    return LJ_OK;
}

extern "C" lj_status lj_decode(lj_session * s, const lj_row * rows, int32_t n_rows) {
    return lj_guard([&]() -> lj_status {
        if (!s || !rows) return lj_fail(LJ_ERR_ARG, "null argument");
        return s->decode(rows, n_rows);
    });
}
