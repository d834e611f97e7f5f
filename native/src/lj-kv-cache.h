// The KV cache: `size` cells shared by all sequence slots. A cell holds one position of one or more
// sequences (several after lj_seq_cp, which forks a prefix without copying it).
#pragma once
#include "lj-model.h"
#include <cstdint>
#include <utility>
#include <vector>

// Where a batch's rows go: found by lj_kv_cache::plan without changing the cache, applied by commit.
// Kept by the session from decode to decode, so that planning allocates nothing in a steady state.
struct lj_kv_plan {
    std::vector<std::pair<int32_t, int32_t>> drop; // (seq, p0): a row at p0 replaces the sequence's positions >= p0
    std::vector<int32_t> cells;                   // the cell of each row
    int32_t n_free = 0;                           // free cells once the drops are done
    int32_t extent = 0;                           // 1 + the highest cell in use afterwards

    std::vector<int32_t> first;                   // scratch: [n_seq_max] each sequence's p0, -1 between plans
    std::vector<int32_t> freed;                   // scratch: cells the drops free
};

struct lj_kv_cache {
    int32_t size = 0;
    int32_t n_seq_max = 0;
    int32_t n_words = 0;             // 64-bit words of sequence bits per cell
    std::vector<int32_t> pos;        // -1: free
    std::vector<uint64_t> seq_bits;  // [size * n_words]
    int32_t n_used = 0;

    // one context and buffer per model part: each layer's keys and values live on the device of its weights
    std::vector<ggml_context *> ctxs;
    std::vector<ggml_backend_buffer_t> bufs;
    // per layer: k [n_embd_gqa, size]; v the same, or [size, n_embd_gqa] when v_trans
    std::vector<ggml_tensor *> k, v;
    // F32 caches take the attention op chain without flash attention (build_attn), whose second product
    // reads V with the cells as the inner dimension: stored that way (llama.cpp's v_trans), no copy per step
    bool v_trans = false;

    ~lj_kv_cache();
    bool init(const lj_model & model, int32_t n_cells, int32_t n_seq, ggml_type type);

    bool has_seq(int32_t cell, int32_t seq) const { return (seq_bits[(size_t) cell * n_words + seq / 64] >> (seq % 64)) & 1; }
    bool visible(int32_t cell, int32_t seq, int32_t p) const { return pos[cell] >= 0 && pos[cell] <= p && has_seq(cell, seq); }
    void add_seq(int32_t cell, int32_t seq);
    void remove_seq(int32_t cell, int32_t seq);

    void seq_rm(int32_t seq, int32_t p0, int32_t p1); // seq < 0: all; p1 < 0: to the end
    void seq_cp(int32_t src, int32_t dst);
    int32_t seq_pos_next(int32_t seq) const;
    int32_t n_free() const { return size - n_used; }

    // Places the rows (seq, pos): first the drops, then each row in the lowest free cell, in row order.
    // False when the cells do not suffice (p.n_free < n_rows).
    bool plan(const lj_row * rows, int32_t n_rows, lj_kv_plan & p) const;
    void commit(const lj_kv_plan & p, const lj_row * rows);
};
