// A loaded model: hyper-parameters and weights in a backend buffer, looked up by llama.cpp's names.
// The tensors every architecture shares live here; the rest belong to the architecture (lj-arch.h).
#pragma once
#include "latentj.h"
#include "lj-arch.h"
#include "ggml.h"
#include "ggml-backend.h"
#include <initializer_list>
#include <memory>
#include <string>

// CODI's projection: Linear -> GELU(erf) -> Linear -> LayerNorm (optional).
struct lj_prj {
    ggml_tensor * fc1 = nullptr, * fc1_b = nullptr;
    ggml_tensor * fc2 = nullptr, * fc2_b = nullptr;
    ggml_tensor * ln = nullptr, * ln_b = nullptr;
};

struct lj_model {
    lj_model_params hp;
    const lj_arch_desc * arch = nullptr;
    ggml_backend_dev_t dev = nullptr;      // where weights and KV live
    std::string dev_name;
    ggml_context * ctx = nullptr;          // tensor metadata
    ggml_backend_buffer_t buf = nullptr;
    // CPU: copies of weight matrices in the layout an extra buffer type computes fastest (repacked Q4_0, ...)
    ggml_context * extra_ctx = nullptr;
    std::vector<ggml_backend_buffer_t> extra_bufs;

    ggml_tensor * tok_embd = nullptr;
    ggml_tensor * output_norm = nullptr, * output_norm_b = nullptr; // the bias: LayerNorm architectures
    ggml_tensor * output = nullptr;        // tied: == tok_embd
    lj_prj prj;
    std::unique_ptr<lj_arch_weights> weights; // the architecture's own tensors

    ~lj_model();
};

int64_t lj_n_embd_gqa(const lj_model_params & hp);

// Looks tensors up by name and checks their types and shapes against the hyper-parameters; the first
// failure is kept (lj_fail's message) and later lookups return nullptr.
struct lj_tensor_lookup {
    ggml_context * ctx;
    lj_status status = LJ_OK;

    // ne: the expected shape in ggml order (1 to 4 dimensions); a missing optional tensor is nullptr.
    ggml_tensor * get(const std::string & name, std::initializer_list<int64_t> ne, bool required = true);
};

// "blk.<il>.<suffix>": a block's tensor name.
std::string lj_blk(int il, const char * suffix);
