#include "lj-reduce-cpu.h"
#include "lj-graph.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

// The portable build runs on any x86-64: this loop over the vocabulary gets AVX2 and AVX-512 clones too,
// one of which the dynamic loader picks for this CPU (LATENTJ_NATIVE builds the file with -march=native).
#if defined(GGML_BACKEND_DL) && defined(__x86_64__)
#define LJ_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LJ_VECTOR_CLONES
#endif

namespace {

// exp(d) for d <= 0 by range reduction (2^n * e^r, |r| <= ln2/2) and a degree-6 polynomial:
// relative error ~2e-7, branch-free so the compiler vectorises the loop; clamped at -87 (1.6e-38)
inline float exp_neg(float d) {
    d = std::max(d, -87.0f);
    const float n = std::nearbyint(d * 1.44269504f);
    const float r = d - n * 0.693147181f;
    float p = 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits;
    std::memcpy(&bits, &p, sizeof bits);
    bits += (int32_t) n << 23;
    std::memcpy(&p, &bits, sizeof p);
    return p;
}

LJ_VECTOR_CLONES void reduce_rows(ggml_tensor * dst, int ith, int nth, void * userdata) {
    const ggml_tensor * logits = dst->src[0];
    const lj_reduce_cpu_args & a = *(const lj_reduce_cpu_args *) userdata;
    const int64_t n_rows = logits->ne[1];
    std::vector<std::pair<float, int32_t>> heap;
    for (int64_t row = ith; row < n_rows; row += nth) {
        const float * x = (const float *) ((const char *) logits->data + row * logits->nb[1]);
        float * out = (float *) ((char *) dst->data + row * dst->nb[1]);
        const int64_t n = a.limit;

        float x_max = x[0];
        for (int64_t i = 1; i < n; i++) x_max = std::max(x_max, x[i]);
        // S = sum e_i, W = sum e_i d_i with d_i = (x_i - x_max) / T; then H = log S - W / S
        float s = 0.0f, w = 0.0f;
        for (int64_t i = 0; i < n; i++) {
            const float d = (x[i] - x_max) * a.inv_t;
            const float e = exp_neg(d);
            s += e;
            w += e * d;
        }
        // top-K of the logits (the same order as the probabilities); ties to the lower id
        heap.clear();
        auto worse = [](const std::pair<float, int32_t> & l, const std::pair<float, int32_t> & r) {
            return l.first != r.first ? l.first > r.first : l.second < r.second;
        };
        for (int64_t i = 0; i < n; i++) {
            if ((int32_t) heap.size() < a.k) {
                heap.emplace_back(x[i], (int32_t) i);
                std::push_heap(heap.begin(), heap.end(), worse);
            } else if (x[i] > heap.front().first) {
                std::pop_heap(heap.begin(), heap.end(), worse);
                heap.back() = {x[i], (int32_t) i};
                std::push_heap(heap.begin(), heap.end(), worse);
            }
        }
        std::sort(heap.begin(), heap.end(), worse);
        for (int32_t j = 0; j < a.k; j++) {
            const int32_t id = heap[j].second;
            std::memcpy(&out[j], &id, sizeof id);
            out[a.k + j] = std::exp((heap[j].first - x_max) * a.inv_t) / s;
        }
        out[2 * a.k] = std::max(0.0f, std::log(s) - w / s);
    }
}

} // namespace

ggml_tensor * lj_reduce_cpu(ggml_context * ctx, ggml_tensor * logits, const lj_reduce_cpu_args * args) {
    ggml_tensor * srcs[1] = {logits};
    return ggml_custom_4d(ctx, GGML_TYPE_F32, 2 * args->k + 1, logits->ne[1], 1, 1, srcs, 1, reduce_rows, GGML_N_TASKS_MAX,
                          const_cast<lj_reduce_cpu_args *>(args));
}
