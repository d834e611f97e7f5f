// A loaded model: hyper-parameters and weights in a backend buffer, looked up by llama.cpp's names.
// The tensors every architecture shares live here; the rest belong to the architecture (lj-arch.h).
#pragma once
#include "latentj.h"
#include "lj-arch.h"
#include "lj-rpc.h"
#include "ggml.h"
#include "ggml-backend.h"
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

// CODI's projection: Linear -> GELU(erf) -> Linear -> LayerNorm (optional).
struct lj_prj {
    ggml_tensor * fc1 = nullptr, * fc1_b = nullptr;
    ggml_tensor * fc2 = nullptr, * fc2_b = nullptr;
    ggml_tensor * ln = nullptr, * ln_b = nullptr;
};

// The weights one device holds: its tensors' metadata and their memory.
struct lj_model_part {
    ggml_backend_dev_t dev = nullptr;
    std::string name;                      // "CPU", "CUDA0", "RPC0[host:port]"
    ggml_context * ctx = nullptr;
    ggml_backend_buffer_t buf = nullptr;
};

struct lj_model {
    lj_model_params hp;
    const lj_arch_desc * arch = nullptr;
    ggml_backend_dev_t dev = nullptr;      // this process's device: the last part
    std::string dev_name;
    // One part per device, in layer order: the RPC servers' devices, then `dev`, which also holds the input and
    // output layers and the CODI projection (llama.cpp's order: the last device holds the output)
    std::vector<lj_model_part> parts;
    std::vector<int32_t> layer_part;       // the part of each layer
    std::unique_ptr<lj_rpc_link> rpc;      // the RPC servers' link; nullptr when every part is local
    // CPU: copies of weight matrices in the layout an extra buffer type computes fastest (repacked Q4_0, ...)
    ggml_context * extra_ctx = nullptr;
    std::vector<ggml_backend_buffer_t> extra_bufs;

    ggml_tensor * tok_embd = nullptr;
    ggml_tensor * output_norm = nullptr, * output_norm_b = nullptr; // the bias: LayerNorm architectures
    ggml_tensor * output = nullptr;        // tied: == tok_embd
    lj_prj prj;
    std::unique_ptr<lj_arch_weights> weights; // the architecture's own tensors

    ~lj_model() { free_parts(); }
    void free_parts();
    ggml_tensor * find(const char * name) const; // a weight by name, in whichever part holds it
    bool remote() const { return rpc != nullptr; }
};

int64_t lj_n_embd_gqa(const lj_model_params & hp);

// Looks tensors up by name and checks their types and shapes against the hyper-parameters; the first
// failure is kept (lj_fail's message) and later lookups return nullptr.
struct lj_tensor_lookup {
    const lj_model & m;
    lj_status status = LJ_OK;

    // ne: the expected shape in ggml order (1 to 4 dimensions); a missing optional tensor is nullptr.
    ggml_tensor * get(const std::string & name, std::initializer_list<int64_t> ne, bool required = true);
};

// "blk.<il>.<suffix>": a block's tensor name.
std::string lj_blk(int il, const char * suffix);
