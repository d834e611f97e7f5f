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
    if (strcmp(type, "lj_train_params") == 0) return sizeof(lj_train_params);
    if (strcmp(type, "lj_train_example") == 0) return sizeof(lj_train_example);
    if (strcmp(type, "lj_train_losses") == 0) return sizeof(lj_train_losses);
    if (strcmp(type, "lj_adamw") == 0) return sizeof(lj_adamw);
    if (strcmp(type, "lj_train_tensor") == 0) return sizeof(lj_train_tensor);
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
    } else if (strcmp(type, "lj_train_params") == 0) {
        LJ_FIELD(lj_train_params, n_latent); LJ_FIELD(lj_train_params, kd_factor); LJ_FIELD(lj_train_params, lora_r);
        LJ_FIELD(lj_train_params, lora_alpha); LJ_FIELD(lj_train_params, seed); LJ_FIELD(lj_train_params, prj_dim);
    } else if (strcmp(type, "lj_train_example") == 0) {
        LJ_FIELD(lj_train_example, prompt); LJ_FIELD(lj_train_example, n_prompt); LJ_FIELD(lj_train_example, ref);
        LJ_FIELD(lj_train_example, n_ref); LJ_FIELD(lj_train_example, ref_targets); LJ_FIELD(lj_train_example, colon_ref);
        LJ_FIELD(lj_train_example, dec); LJ_FIELD(lj_train_example, n_dec); LJ_FIELD(lj_train_example, colon_dec);
    } else if (strcmp(type, "lj_train_losses") == 0) {
        LJ_FIELD(lj_train_losses, loss); LJ_FIELD(lj_train_losses, ce_student); LJ_FIELD(lj_train_losses, ce_teacher);
        LJ_FIELD(lj_train_losses, kd);
    } else if (strcmp(type, "lj_adamw") == 0) {
        LJ_FIELD(lj_adamw, lr); LJ_FIELD(lj_adamw, beta1); LJ_FIELD(lj_adamw, beta2); LJ_FIELD(lj_adamw, eps);
        LJ_FIELD(lj_adamw, weight_decay);
    } else if (strcmp(type, "lj_train_tensor") == 0) {
        LJ_FIELD(lj_train_tensor, name); LJ_FIELD(lj_train_tensor, n_dims); LJ_FIELD(lj_train_tensor, ne);
        LJ_FIELD(lj_train_tensor, trainable);
    }
    return -1;
}
