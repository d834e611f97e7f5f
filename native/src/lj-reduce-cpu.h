// The CPU form of the output reduction (see lj_graph::build_output): softmax(x / T) over the
// allowed vocabulary, its entropy and the top-K, fused in one ggml custom op that makes three
// vectorisable passes over the logits instead of a chain of vocabulary-sized ops.
#pragma once
#include "ggml.h"
#include <cstdint>

struct lj_reduce_cpu_args {
    int32_t k;
    float   inv_t;
    int64_t limit; // logits [0, limit) are the allowed vocabulary
};

// logits [n_vocab, n_outputs] -> F32 [2K + 1, n_outputs]: K ids (int32 bits), their probabilities
// (descending), the entropy in nats. `args` must outlive the graph's compute.
ggml_tensor * lj_reduce_cpu(ggml_context * ctx, ggml_tensor * logits, const lj_reduce_cpu_args * args);
