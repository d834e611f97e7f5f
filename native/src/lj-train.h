// CODI training state: the model's weights as trainable F32 tensors, LoRA adapters, gradient
// accumulators and AdamW moments (docs/codi-training.md).
#pragma once
#include "latentj.h"
#include "lj-model.h"
#include "ggml-backend.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

// W + scale * B A on a linear's input: a [n_in, r], b [r, n_out] in ggml order.
struct lj_lora {
    ggml_tensor * a = nullptr;
    ggml_tensor * b = nullptr;
};

// What the optimiser keeps for one trainable tensor.
struct lj_train_slot_set {
    ggml_tensor * grad = nullptr; // accumulated over the graphs of a step
    ggml_tensor * m = nullptr;
    ggml_tensor * v = nullptr;
};

struct lj_free_deleter {
    void operator()(void * p) const { free(p); }
};

struct lj_trainer {
    lj_model * model = nullptr;         // owned; its weights are F32 copies and are updated in place
    std::unique_ptr<void, lj_free_deleter> host_weights; // the CPU backend trains these bytes in place (the model points into them)
    lj_train_params tp{};
    float lora_scale = 0.0f;            // alpha / r

    ggml_backend_t backend = nullptr;
    ggml_backend_t backend_cpu = nullptr;
    ggml_backend_sched_t sched = nullptr;

    // adapters, gradient accumulators and moments: one context and buffer each, so that the
    // accumulators are cleared in one call
    ggml_context * ctx_adapters = nullptr, * ctx_grads = nullptr, * ctx_moments = nullptr;
    ggml_backend_buffer_t buf_adapters = nullptr, buf_grads = nullptr, buf_moments = nullptr;
    std::unordered_map<const ggml_tensor *, lj_lora> lora;   // by base weight
    std::vector<ggml_tensor *> params;                       // trainable, in a fixed order
    std::unordered_map<const ggml_tensor *, lj_train_slot_set> slots;
    std::vector<ggml_tensor *> tensors;                      // every tensor: the model's, then the adapters
    int64_t n_steps = 0;                                     // optimiser steps taken (AdamW bias correction)

    std::vector<uint8_t> graph_meta;                         // ggml context memory for one graph at a time

    ~lj_trainer();
    ggml_tensor * find(const char * name) const;
};

struct lj_graph;

// The forward pass of one batch in the teacher or the student role, with its loss terms.
struct lj_train_pass {
    std::shared_ptr<lj_graph> graph;        // owns the ggml context that the tensors below live in
    ggml_tensor * loss = nullptr;           // the scalar this graph minimises
    ggml_tensor * ce = nullptr;             // cross-entropy (teacher or student)
    ggml_tensor * kd = nullptr;             // student only
    std::vector<ggml_tensor *> teacher_hs;  // teacher only: [n_embd, n_rows] at colon_ref, L+1 of them
};

// Host data that a built graph's inputs take once it is allocated.
struct lj_train_inputs {
    std::vector<std::pair<ggml_tensor *, std::vector<int32_t>>> i32;
    std::vector<std::pair<ggml_tensor *, std::vector<int64_t>>> i64;
    std::vector<std::pair<ggml_tensor *, std::vector<float>>> f32;
    std::vector<ggml_tensor *> zeros;
    void set() const;
};

// Builders (lj-train-graph.cpp). `teacher` holds the detached teacher vectors [L+1][n_rows][n_embd] and
// kd_weight[l] = 1 / ((L+1) * std_l * n_rows * n_embd) for the student.
// Both take ownership of ctx (freed with the pass's graph) and build into gf.
lj_train_pass lj_train_build_teacher(const lj_trainer & tr, ggml_context * ctx, ggml_cgraph * gf, const lj_train_example * rows, int32_t n_rows,
                                     lj_train_inputs & in);
lj_train_pass lj_train_build_student(const lj_trainer & tr, ggml_context * ctx, ggml_cgraph * gf, const lj_train_example * rows, int32_t n_rows,
                                     const std::vector<float> & teacher, const std::vector<float> & kd_weight, lj_train_inputs & in);
