#include "lj-kv-cache.h"
#include "ggml-alloc.h"

#include <algorithm>

lj_kv_cache::~lj_kv_cache() {
    for (ggml_backend_buffer_t b : bufs) ggml_backend_buffer_free(b);
    for (ggml_context * c : ctxs) ggml_free(c);
}

bool lj_kv_cache::init(const lj_model & model, int32_t n_cells, int32_t n_seq, ggml_type type) {
    size = n_cells;
    n_seq_max = n_seq;
    n_words = (n_seq + 63) / 64;
    pos.assign(n_cells, -1);
    seq_bits.assign((size_t) n_cells * n_words, 0);
    const int n_layer = model.hp.n_layer;
    const int64_t n_embd_gqa = lj_n_embd_gqa(model.hp);
    v_trans = type == GGML_TYPE_F32;
    k.assign(n_layer, nullptr);
    v.assign(n_layer, nullptr);
    for (size_t part = 0; part < model.parts.size(); part++) {
        const int n_here = (int) std::count(model.layer_part.begin(), model.layer_part.end(), (int32_t) part);
        if (n_here == 0) continue;
        ggml_init_params ip{ggml_tensor_overhead() * (size_t) (2 * n_here + 1), nullptr, true};
        ggml_context * ctx = ggml_init(ip);
        if (!ctx) return false;
        ctxs.push_back(ctx);
        for (int il = 0; il < n_layer; il++) {
            if (model.layer_part[il] != (int32_t) part) continue;
            k[il] = ggml_new_tensor_2d(ctx, type, n_embd_gqa, n_cells);
            v[il] = v_trans ? ggml_new_tensor_2d(ctx, type, n_cells, n_embd_gqa) : ggml_new_tensor_2d(ctx, type, n_embd_gqa, n_cells);
        }
        ggml_backend_buffer_t buf = ggml_backend_alloc_ctx_tensors_from_buft(ctx, ggml_backend_dev_buffer_type(model.parts[part].dev));
        if (!buf) return false;
        bufs.push_back(buf);
        ggml_backend_buffer_clear(buf, 0); // masked cells still enter the matmul: keep them finite
    }
    return true;
}

void lj_kv_cache::add_seq(int32_t cell, int32_t seq) { seq_bits[(size_t) cell * n_words + seq / 64] |= UINT64_C(1) << (seq % 64); }

void lj_kv_cache::remove_seq(int32_t cell, int32_t seq) {
    seq_bits[(size_t) cell * n_words + seq / 64] &= ~(UINT64_C(1) << (seq % 64));
    for (int w = 0; w < n_words; w++) {
        if (seq_bits[(size_t) cell * n_words + w]) return;
    }
    pos[cell] = -1; // no sequence left: the cell is free
    n_used--;
}

void lj_kv_cache::seq_rm(int32_t seq, int32_t p0, int32_t p1) {
    for (int32_t c = 0; c < size; c++) {
        if (pos[c] < 0 || pos[c] < p0 || (p1 >= 0 && pos[c] >= p1)) continue;
        if (seq < 0) {
            for (int w = 0; w < n_words; w++) seq_bits[(size_t) c * n_words + w] = 0;
            pos[c] = -1;
            n_used--;
        } else if (has_seq(c, seq)) {
            remove_seq(c, seq);
        }
    }
}

void lj_kv_cache::seq_cp(int32_t src, int32_t dst) {
    seq_rm(dst, 0, -1);
    for (int32_t c = 0; c < size; c++) {
        if (pos[c] >= 0 && has_seq(c, src)) add_seq(c, dst);
    }
}

int32_t lj_kv_cache::seq_pos_next(int32_t seq) const {
    int32_t next = 0;
    for (int32_t c = 0; c < size; c++) {
        if (pos[c] >= next && has_seq(c, seq)) next = pos[c] + 1;
    }
    return next;
}

bool lj_kv_cache::plan(const lj_row * rows, int32_t n_rows, lj_kv_plan & p) const {
    // each sequence's lowest row position: the batch replaces its positions from there on
    p.first.resize(n_seq_max, -1);
    p.drop.clear();
    for (int32_t t = 0; t < n_rows; t++) {
        int32_t & f = p.first[rows[t].seq];
        if (f < 0) p.drop.emplace_back(rows[t].seq, 0);
        f = f < 0 ? rows[t].pos : std::min(f, rows[t].pos);
    }
    for (auto & [seq, p0] : p.drop) p0 = p.first[seq];

    // a cell is freed when every sequence in it drops it
    auto dropped = [&](int32_t c, int32_t seq) { return p.first[seq] >= 0 && pos[c] >= p.first[seq]; };
    p.freed.clear();
    for (auto [seq, p0] : p.drop) {
        for (int32_t c = 0; c < size; c++) {
            if (pos[c] < p0 || !has_seq(c, seq)) continue;
            bool kept = false;
            for (int w = 0; w < n_words && !kept; w++) {
                for (uint64_t bits = seq_bits[(size_t) c * n_words + w]; bits && !kept; bits &= bits - 1) {
                    kept = !dropped(c, w * 64 + __builtin_ctzll(bits));
                }
            }
            if (!kept) p.freed.push_back(c);
        }
    }
    for (auto [seq, p0] : p.drop) p.first[seq] = -1;
    std::vector<int32_t> & freed = p.freed;
    std::sort(freed.begin(), freed.end());
    freed.erase(std::unique(freed.begin(), freed.end()), freed.end());
    auto is_freed = [&](int32_t c) { return std::binary_search(freed.begin(), freed.end(), c); };
    p.n_free = n_free() + (int32_t) freed.size();
    if (p.n_free < n_rows) return false;

    p.cells.resize(n_rows);
    int32_t c = 0;
    for (int32_t t = 0; t < n_rows; t++, c++) {
        while (pos[c] >= 0 && !is_freed(c)) c++;
        p.cells[t] = c;
    }
    p.extent = c; // one past the last claimed cell
    for (int32_t k = size - 1; k >= p.extent; k--) {
        if (pos[k] >= 0 && !is_freed(k)) {
            p.extent = k + 1;
            break;
        }
    }
    return true;
}

void lj_kv_cache::commit(const lj_kv_plan & p, const lj_row * rows) {
    for (auto [seq, p0] : p.drop) seq_rm(seq, p0, -1);
    for (size_t t = 0; t < p.cells.size(); t++) {
        pos[p.cells[t]] = rows[t].pos;
        add_seq(p.cells[t], rows[t].seq);
        n_used++;
    }
}
