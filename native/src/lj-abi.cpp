// Struct sizes and field offsets, so that a test can hold the Java layouts in bindings/ to the C ABI.
#include "latentj.h"
#include <cstddef>
#include <cstring>

#define LJ_FIELD(S, F) if (strcmp(field, #F) == 0) return (int64_t) offsetof(S, F)

extern "C" int64_t lj_abi_sizeof(const char * type) {
    if (!type) return -1;
    if (strcmp(type, "lj_tensor_desc") == 0) return sizeof(lj_tensor_desc);
    if (strcmp(type, "lj_model_params") == 0) return sizeof(lj_model_params);
    if (strcmp(type, "lj_session_params") == 0) return sizeof(lj_session_params);
    if (strcmp(type, "lj_row") == 0) return sizeof(lj_row);
    return -1;
}

extern "C" int64_t lj_abi_offsetof(const char * type, const char * field) {
    if (!type || !field) return -1;
    if (strcmp(type, "lj_tensor_desc") == 0) {
        LJ_FIELD(lj_tensor_desc, name); LJ_FIELD(lj_tensor_desc, type); LJ_FIELD(lj_tensor_desc, n_dims);
        LJ_FIELD(lj_tensor_desc, ne); LJ_FIELD(lj_tensor_desc, offset); LJ_FIELD(lj_tensor_desc, size);
    } else if (strcmp(type, "lj_model_params") == 0) {
        LJ_FIELD(lj_model_params, arch); LJ_FIELD(lj_model_params, backend); LJ_FIELD(lj_model_params, n_threads);
        LJ_FIELD(lj_model_params, n_vocab); LJ_FIELD(lj_model_params, n_embd); LJ_FIELD(lj_model_params, n_layer);
        LJ_FIELD(lj_model_params, n_head); LJ_FIELD(lj_model_params, n_head_kv); LJ_FIELD(lj_model_params, head_dim);
        LJ_FIELD(lj_model_params, n_ff); LJ_FIELD(lj_model_params, n_ctx_train); LJ_FIELD(lj_model_params, norm_eps);
        LJ_FIELD(lj_model_params, rope_freq_base); LJ_FIELD(lj_model_params, prj_norm_eps);
        LJ_FIELD(lj_model_params, rpc_servers); LJ_FIELD(lj_model_params, tensor_split);
        LJ_FIELD(lj_model_params, n_tensor_split); LJ_FIELD(lj_model_params, rpc_timeout_ms);
    } else if (strcmp(type, "lj_session_params") == 0) {
        LJ_FIELD(lj_session_params, n_seq_max); LJ_FIELD(lj_session_params, n_ctx);
        LJ_FIELD(lj_session_params, n_batch_max); LJ_FIELD(lj_session_params, kv_type);
    } else if (strcmp(type, "lj_row") == 0) {
        LJ_FIELD(lj_row, kind); LJ_FIELD(lj_row, seq); LJ_FIELD(lj_row, pos); LJ_FIELD(lj_row, output);
        LJ_FIELD(lj_row, token); LJ_FIELD(lj_row, n_mix); LJ_FIELD(lj_row, mix_ids);
        LJ_FIELD(lj_row, mix_weights); LJ_FIELD(lj_row, embd);
    }
    return -1;
}
