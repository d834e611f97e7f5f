// ggml's quantisation, exposed so that the Java converter writes ggml's own formats.
#include "latentj.h"
#include "lj-error.h"
#include "ggml.h"
#include <cmath>

static bool quantizable(int32_t type) {
    if (type < 0 || type >= GGML_TYPE_COUNT) return false;
    ggml_type t = (ggml_type) type;
    return ggml_blck_size(t) > 0 && ggml_type_size(t) > 0 && !ggml_quantize_requires_imatrix(t)
        && t != GGML_TYPE_I8 && t != GGML_TYPE_I16 && t != GGML_TYPE_I32 && t != GGML_TYPE_I64 && t != GGML_TYPE_F64
        && t != GGML_TYPE_Q8_1 && t != GGML_TYPE_Q8_K;
}

extern "C" int64_t lj_type_row_size(int32_t type, int64_t ne0) {
    if (type < 0 || type >= GGML_TYPE_COUNT || ne0 < 0) return -1;
    ggml_type t = (ggml_type) type;
    if (ggml_blck_size(t) <= 0 || ggml_type_size(t) == 0 || ne0 % ggml_blck_size(t) != 0) return -1;
    return (int64_t) ggml_row_size(t, ne0);
}

extern "C" lj_status lj_quantize(int32_t type, const float * src, void * dst, uint64_t dst_size,
                                 int64_t n_rows, int64_t n_per_row, uint64_t * written) {
    return lj_guard([&]() -> lj_status {
        if (!src || !dst) return lj_fail(LJ_ERR_ARG, "null argument");
        if (!quantizable(type)) return lj_fail(LJ_ERR_ARG, "cannot quantise to type %d", type);
        if (n_rows < 1 || n_per_row < 1) return lj_fail(LJ_ERR_ARG, "bad shape %lld x %lld", (long long) n_rows, (long long) n_per_row);
        const int64_t row = lj_type_row_size(type, n_per_row);
        if (row < 0) return lj_fail(LJ_ERR_ARG, "row of %lld is not a multiple of the %s block size", (long long) n_per_row, ggml_type_name((ggml_type) type));
        if ((uint64_t) row * (uint64_t) n_rows > dst_size) return lj_fail(LJ_ERR_ARG, "destination too small");
        for (int64_t i = 0; i < n_rows * n_per_row; i++) {
            if (!std::isfinite(src[i])) return lj_fail(LJ_ERR_ARG, "non-finite weight at element %lld", (long long) i);
        }
        size_t n = ggml_quantize_chunk((ggml_type) type, src, dst, 0, n_rows, n_per_row, nullptr);
        if (written) *written = n;
        return LJ_OK;
    });
}
