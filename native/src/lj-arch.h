// Architectures: one descriptor each, defined and registered in its own models/<arch>.cpp, so that
// adding an architecture touches no other native file. The registry (lj-arch.cpp) numbers them by name.
#pragma once
#include <vector>
#include "latentj.h"
#include <memory>

struct lj_model;
struct lj_graph;
struct lj_tensor_lookup;
struct ggml_tensor;

// The weights an architecture reads beyond the shared ones of lj_model (its blocks, position tables...):
// each architecture derives its own struct and casts back to it when it builds its graph.
struct lj_arch_weights {
    virtual ~lj_arch_weights() = default;
    // The weight matrices the graph multiplies by, as slots: the CPU may point one at a repacked copy.
    virtual std::vector<ggml_tensor **> matrices() { return {}; }
};

struct lj_arch_desc {
    const char * name;  // GGUF general.architecture
    int32_t norm;       // lj_norm_kind of its blocks and of the final norm (output_norm, output_norm_b)
    // Rules on the hyper-parameters beyond the generic ones (nullptr: none); fails with lj_fail.
    lj_status (*check_params)(const lj_model_params & hp);
    // Binds the tensors the graph reads, after the shared token_embd, output_norm and output; may set
    // m.output_norm_b. Shapes and types are checked by the lookup, which keeps the first failure.
    std::unique_ptr<lj_arch_weights> (*bind)(lj_model & m, lj_tensor_lookup & lookup);
    // The forward graph: input embedding to lj_graph::build_output, with the shared blocks of lj_graph
    // (training runs it too, once per segment, with those blocks overridden: lj-train-graph.cpp).
    void (*build)(lj_graph & g);
    // Rules on a session's positions per sequence (nullptr: none), e.g. a table of learned positions.
    lj_status (*check_ctx)(const lj_model_params & hp, int32_t n_ctx);
};

// nullptr when id is not a registered architecture.
const lj_arch_desc * lj_arch_get(int32_t id);

struct lj_arch_registration {
    explicit lj_arch_registration(const lj_arch_desc & desc);
};

// Registers an architecture when the library loads; once per models/<arch>.cpp.
#define LJ_REGISTER_ARCH(desc) static const lj_arch_registration lj_arch_registration_{desc}
