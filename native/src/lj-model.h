// A loaded model: hyper-parameters and weights in a backend buffer, looked up by llama.cpp's names.
#pragma once
#include "latentj.h"
#include "ggml.h"
#include "ggml-backend.h"
#include <string>
#include <vector>

struct lj_layer {
    ggml_tensor * attn_norm = nullptr, * attn_norm_b = nullptr;
    ggml_tensor * wqkv = nullptr, * wqkv_b = nullptr;          // gpt2: fused
    ggml_tensor * wq = nullptr, * wk = nullptr, * wv = nullptr;
    ggml_tensor * bq = nullptr, * bk = nullptr, * bv = nullptr; // qwen2
    ggml_tensor * q_norm = nullptr, * k_norm = nullptr;        // qwen3
    ggml_tensor * wo = nullptr, * wo_b = nullptr;
    ggml_tensor * ffn_norm = nullptr, * ffn_norm_b = nullptr;
    ggml_tensor * ffn_gate = nullptr;
    ggml_tensor * ffn_up = nullptr, * ffn_up_b = nullptr;
    ggml_tensor * ffn_down = nullptr, * ffn_down_b = nullptr;
};

// CODI's projection: Linear -> GELU(erf) -> Linear -> LayerNorm (optional).
struct lj_prj {
    ggml_tensor * fc1 = nullptr, * fc1_b = nullptr;
    ggml_tensor * fc2 = nullptr, * fc2_b = nullptr;
    ggml_tensor * ln = nullptr, * ln_b = nullptr;
};

struct lj_model {
    lj_model_params hp;
    ggml_backend_dev_t dev = nullptr;      // where weights and KV live
    std::string dev_name;
    ggml_context * ctx = nullptr;          // tensor metadata
    ggml_backend_buffer_t buf = nullptr;
    // CPU: copies of weight matrices in the layout an extra buffer type computes fastest (repacked Q4_0, ...)
    ggml_context * extra_ctx = nullptr;
    std::vector<ggml_backend_buffer_t> extra_bufs;

    ggml_tensor * tok_embd = nullptr;
    ggml_tensor * pos_embd = nullptr;      // gpt2
    ggml_tensor * output_norm = nullptr, * output_norm_b = nullptr;
    ggml_tensor * output = nullptr;        // tied: == tok_embd
    ggml_tensor * rope_freqs = nullptr;    // llama3 rope scaling factors
    std::vector<lj_layer> layers;
    lj_prj prj;

    ~lj_model();
};

int64_t lj_n_embd_gqa(const lj_model_params & hp);
