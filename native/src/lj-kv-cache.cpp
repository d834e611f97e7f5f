#include "lj-kv-cache.h"
#include "ggml-alloc.h"

lj_kv_cache::~lj_kv_cache() {
    if (buf) ggml_backend_buffer_free(buf);
    if (ctx) ggml_free(ctx);
}

bool lj_kv_cache::init(const lj_model & model, int32_t n_cells, int32_t n_seq, ggml_type type) {
    size = n_cells;
    n_seq_max = n_seq;
    n_words = (n_seq + 63) / 64;
    pos.assign(n_cells, -1);
    seq_bits.assign((size_t) n_cells * n_words, 0);
    const int n_layer = model.hp.n_layer;
    ggml_init_params ip{ggml_tensor_overhead() * (size_t) (2 * n_layer + 1), nullptr, true};
    ctx = ggml_init(ip);
    if (!ctx) return false;
    const int64_t n_embd_gqa = lj_n_embd_gqa(model.hp);
    for (int il = 0; il < n_layer; il++) {
        k.push_back(ggml_new_tensor_2d(ctx, type, n_embd_gqa, n_cells));
        v.push_back(ggml_new_tensor_2d(ctx, type, n_embd_gqa, n_cells));
    }
    buf = ggml_backend_alloc_ctx_tensors_from_buft(ctx, ggml_backend_dev_buffer_type(model.dev));
    if (!buf) return false;
    ggml_backend_buffer_clear(buf, 0); // masked cells still enter the matmul: keep them finite
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

int32_t lj_kv_cache::claim(int32_t seq, int32_t p) {
    for (int32_t c = 0; c < size; c++) {
        if (pos[c] < 0) {
            pos[c] = p;
            add_seq(c, seq);
            n_used++;
            return c;
        }
    }
    return -1;
}

int32_t lj_kv_cache::used_extent() const {
    for (int32_t c = size - 1; c >= 0; c--) {
        if (pos[c] >= 0) return c + 1;
    }
    return 0;
}
