// The KV cache: `size` cells shared by all sequence slots. A cell holds one position of one or more
// sequences (several after lj_seq_cp, which forks a prefix without copying it).
#pragma once
#include "lj-model.h"
#include <cstdint>
#include <vector>

struct lj_kv_cache {
    int32_t size = 0;
    int32_t n_seq_max = 0;
    int32_t n_words = 0;             // 64-bit words of sequence bits per cell
    std::vector<int32_t> pos;        // -1: free
    std::vector<uint64_t> seq_bits;  // [size * n_words]
    int32_t n_used = 0;

    ggml_context * ctx = nullptr;
    ggml_backend_buffer_t buf = nullptr;
    std::vector<ggml_tensor *> k, v; // per layer: [n_embd_gqa, size]

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
    int32_t claim(int32_t seq, int32_t p);           // takes the first free cell; -1 if full
    int32_t used_extent() const;                      // 1 + highest used cell
};
