// latentj.h: the one C API of latentj's native engine (ggml underneath).
//
// Conventions
// - Handles are opaque. Every function that can fail returns lj_status; on failure,
//   lj_last_error() returns a message (thread-local, valid until the next call on that thread).
// - Java validates untrusted files before calling in; this layer re-checks every precondition that
//   ggml would assert on, so no input reachable from the API aborts the process.
// - Ownership is written next to each function. Nothing here keeps a pointer passed in
//   unless it says so.
#ifndef LATENTJ_H
#define LATENTJ_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LJ_API __attribute__((visibility("default")))

#define LJ_MAX_NAME 64
#define LJ_MAX_TOPK 64

typedef struct lj_model lj_model;
typedef struct lj_session lj_session;

typedef enum {
    LJ_OK = 0,
    LJ_ERR_ARG = 1,          // an argument is invalid (message says which)
    LJ_ERR_NOMEM = 2,        // an allocation failed (host or device)
    LJ_ERR_BACKEND = 3,      // the backend failed or is not available
    LJ_ERR_CONTEXT_FULL = 4, // no room in the KV cache or past the sequence's context
    LJ_ERR_STATE = 5,        // the call is not valid now (e.g. no outputs from the last decode)
} lj_status;

typedef enum { LJ_ARCH_GPT2 = 0, LJ_ARCH_LLAMA = 1, LJ_ARCH_QWEN2 = 2, LJ_ARCH_QWEN3 = 3 } lj_arch;

typedef enum { LJ_BACKEND_AUTO = 0, LJ_BACKEND_CPU = 1, LJ_BACKEND_CUDA = 2 } lj_backend;

// One tensor of the model file: where its bytes are inside the `data` block passed to lj_model_load.
typedef struct lj_tensor_desc {
    char     name[LJ_MAX_NAME]; // NUL-terminated, llama.cpp names ("blk.0.attn_q.weight")
    int32_t  type;              // ggml_type
    int32_t  n_dims;            // 1..4
    int64_t  ne[4];             // ggml order: ne[0] is the contiguous dimension; unused dims are 1
    uint64_t offset;            // byte offset of the data inside `data`
    uint64_t size;              // bytes
} lj_tensor_desc;

typedef struct lj_model_params {
    int32_t arch;            // lj_arch
    int32_t backend;         // lj_backend
    int32_t n_threads;       // CPU threads for sessions of this model (<= 0: all cores but one)
    int32_t n_vocab;
    int32_t n_embd;
    int32_t n_layer;
    int32_t n_head;
    int32_t n_head_kv;
    int32_t head_dim;        // n_embd_head_k == n_embd_head_v
    int32_t n_ff;
    int32_t n_ctx_train;
    float   norm_eps;        // LayerNorm eps (gpt2) or RMSNorm eps
    float   rope_freq_base;
    float   prj_norm_eps;    // CODI projection LayerNorm eps (used when codi.prj.ln.* exist)
} lj_model_params;

typedef struct lj_session_params {
    int32_t n_seq_max;       // sequence slots
    int32_t n_ctx;           // positions per sequence (0: the model's n_ctx_train, at most 4096)
    int32_t n_batch_max;     // most rows per decode call (0: n_ctx)
    int32_t kv_type;         // ggml_type of the KV cache (F32, F16, BF16); -1: F32, which keeps greedy ids exact
} lj_session_params;

// What one row of a batch feeds at (seq, pos). The pointers are read during lj_decode only.
typedef enum {
    LJ_ROW_TOKEN = 0,        // token id
    LJ_ROW_EMBD = 1,         // raw input vector of n_embd floats (GPT-2 still adds its position embedding)
    LJ_ROW_MIXTURE = 2,      // concept token: sum_i weights[i] * E[ids[i]], n_mix <= LJ_MAX_TOPK
} lj_row_kind;

typedef enum {
    LJ_OUT_NONE = 0,
    LJ_OUT_HIDDEN = 1,       // the hidden state after the final norm
    LJ_OUT_LOGITS = 2,       // logits (and the hidden state)
} lj_out_kind;

typedef struct lj_row {
    int32_t       kind;      // lj_row_kind
    int32_t       seq;       // 0 .. n_seq_max-1
    int32_t       pos;       // position within the sequence
    int32_t       output;    // lj_out_kind
    int32_t       token;     // LJ_ROW_TOKEN
    int32_t       n_mix;     // LJ_ROW_MIXTURE
    const int32_t * mix_ids;     // [n_mix]
    const float   * mix_weights; // [n_mix]
    const float   * embd;        // LJ_ROW_EMBD: [n_embd]
} lj_row;

LJ_API const char * lj_last_error(void);
LJ_API const char * lj_version(void);

LJ_API lj_model_params   lj_model_default_params(void);
LJ_API lj_session_params lj_session_default_params(void);

// Builds a model from `n_tensors` descriptors over `data` (typically the mmapped GGUF data section).
// On the CPU backend the weights are used in place when aligned: `data` must then outlive the model.
// *out is owned by the caller: free it with lj_model_free after all its sessions.
LJ_API lj_status lj_model_load(const lj_model_params * params, const lj_tensor_desc * tensors, int32_t n_tensors,
                               const void * data, uint64_t data_size, lj_model ** out);
LJ_API void        lj_model_free(lj_model * model);
LJ_API const char * lj_model_backend(const lj_model * model); // "CPU", "CUDA0", ... (owned by the model)
LJ_API int32_t     lj_model_has_prj(const lj_model * model);  // 1 when CODI projection tensors are loaded

// A session: n_seq_max sequence slots sharing one KV cache. Owned by the caller (lj_session_free).
// One session must not be used from two threads at once; sessions of one model may run in parallel.
LJ_API lj_status lj_session_new(lj_model * model, const lj_session_params * params, lj_session ** out);
LJ_API void      lj_session_free(lj_session * session);

// Decodes one batch. Rows may belong to different sequences and be of different kinds. A row at
// (seq, pos) first drops whatever that sequence held at positions >= pos, so re-decoding is allowed.
// Outputs are numbered 0.. in row order among the rows with output != LJ_OUT_NONE, and stay
// readable until the next decode.
LJ_API lj_status lj_decode(lj_session * session, const lj_row * rows, int32_t n_rows);

LJ_API int32_t   lj_n_outputs(const lj_session * session);
// Copies one output's logits (n_vocab floats) or post-norm hidden state (n_embd floats) to `out`.
LJ_API lj_status lj_get_logits(lj_session * session, int32_t output, float * out, int64_t n);
LJ_API lj_status lj_get_hidden(lj_session * session, int32_t output, float * out, int64_t n);

// Device-side reduction of each output's logits, so that only a few numbers cross to the host:
// p = softmax(logits[0:vocab_limit] / temperature), its entropy H = -sum p log(max(p, 1e-12)) in nats,
// and the top_k ids with their probabilities (of the full distribution, sorted descending).
// top_k 0 turns the reduction off. vocab_limit <= 0: the whole vocabulary. Applies to later decodes.
LJ_API lj_status lj_set_reduce(lj_session * session, int32_t top_k, float temperature, int32_t vocab_limit);
LJ_API lj_status lj_get_topk(lj_session * session, int32_t output, int32_t * ids, float * probs, int32_t k, float * entropy);
// Greedy choice: argmax of one output's logits over [0, vocab_limit), computed on the device.
LJ_API lj_status lj_get_argmax(lj_session * session, int32_t output, int32_t * id);

// CODI's continuous thoughts. For each sequence in `seqs`, starting from the hidden state h of its
// last output (post final norm), n_steps times: feed z = prj(h) (LJ_LATENT_COCONUT: z = h) as the
// input at the sequence's next position, and take the new h. h and z stay on the device; one graph
// is reused per step. Optional outputs, row-major: latents_out [n_steps][n_seqs][n_embd] (the fed z),
// hidden_out [n_steps + 1][n_seqs][n_embd] (each h before its projection, the last one included).
typedef enum { LJ_LATENT_PRJ = 0, LJ_LATENT_COCONUT = 1 } lj_latent_mode;
LJ_API lj_status lj_latent_loop(lj_session * session, const int32_t * seqs, int32_t n_seqs, int32_t n_steps, int32_t mode,
                                float * latents_out, float * hidden_out);

// Logit lens: the LM head applied to n post-norm hidden states ([n][n_embd] -> [n][n_vocab]).
LJ_API lj_status lj_lm_head(lj_session * session, const float * hidden, int32_t n, float * logits_out);

// Logit lens: with on != 0, later decodes also keep, for every output, each layer's residual output
// after the final norm; lj_get_layer_hidden reads it (layer 0 .. n_layer-1; the last equals lj_get_hidden).
LJ_API lj_status lj_set_layer_outputs(lj_session * session, int32_t on);
LJ_API lj_status lj_get_layer_hidden(lj_session * session, int32_t layer, int32_t output, float * out, int64_t n);

// Removes positions [p0, p1) of a sequence (p1 < 0: to the end); seq < 0: all sequences.
LJ_API lj_status lj_seq_rm(lj_session * session, int32_t seq, int32_t p0, int32_t p1);
// Makes dst share src's cache cells (a fork of the prefix: nothing is recomputed or copied).
LJ_API lj_status lj_seq_cp(lj_session * session, int32_t src, int32_t dst);
// Next free position of a sequence (1 + its highest position, 0 when empty).
LJ_API int32_t   lj_seq_pos_next(const lj_session * session, int32_t seq);

// ggml's own quantisation: n_rows rows of n_per_row floats into `dst` (dst_size bytes available).
LJ_API lj_status lj_quantize(int32_t type, const float * src, void * dst, uint64_t dst_size,
                             int64_t n_rows, int64_t n_per_row, uint64_t * written);
LJ_API int64_t   lj_type_row_size(int32_t type, int64_t ne0); // < 0 when the type or ne0 is invalid

// ---- CODI training (docs/codi-training.md) ----
// A trainer owns F32 copies of a model's weights (plus LoRA adapters) on the model's backend, one
// gradient accumulator and two AdamW moments per trainable tensor. Not thread-safe.
typedef struct lj_trainer lj_trainer;

typedef struct lj_train_params {
    int32_t  n_latent;       // the student's latent steps
    float    kd_factor;      // loss = ce_student + kd_factor * kd + ce_teacher
    int32_t  lora_r;         // 0: every tensor is trained; > 0: LoRA on each attention and MLP linear (+ the projection)
    float    lora_alpha;     // adapters add (lora_alpha / lora_r) * B A
    uint64_t seed;           // init of LoRA A (Kaiming-uniform; B starts at 0) and of a new projection
    int32_t  prj_dim;        // a projection is created when the model has none: Linear(d, prj_dim) -> GELU ->
                             // Linear(prj_dim, d) -> LayerNorm, torch's default init (0: prj_dim = n_embd)
} lj_train_params;

// One training example as token ids (read during the call only).
typedef struct lj_train_example {
    const int32_t * prompt;  // student input before the latent steps: q + [bot]
    int32_t n_prompt;
    const int32_t * ref;     // teacher input: q + cot + ans
    int32_t n_ref;
    int32_t ref_targets;     // = len(q): position t - 1 predicts ref[t] for ref_targets <= t < n_ref
    int32_t colon_ref;       // index of the answer prompt's ':' in ref
    const int32_t * dec;     // student input after the latent steps: [eot] + ans; j predicts dec[j + 1]
    int32_t n_dec;
    int32_t colon_dec;       // index of the ':' in dec
} lj_train_example;

typedef struct lj_train_losses {
    float loss, ce_student, ce_teacher, kd;
} lj_train_losses;

typedef struct lj_adamw {
    float lr, beta1, beta2, eps, weight_decay;
} lj_adamw;

typedef enum {
    LJ_TRAIN_VALUE = 0,      // the tensor itself
    LJ_TRAIN_GRAD = 1,       // its accumulated gradient (trainable tensors)
    LJ_TRAIN_ADAM_M = 2,     // AdamW first moment
    LJ_TRAIN_ADAM_V = 3,     // AdamW second moment
    LJ_TRAIN_MERGED = 4,     // read only: W + (alpha / r) B A for an adapted weight, else the value
} lj_train_slot;

typedef struct lj_train_tensor {
    char    name[LJ_MAX_NAME];
    int32_t n_dims;
    int64_t ne[4];
    int32_t trainable;
} lj_train_tensor;

LJ_API lj_train_params lj_train_default_params(void);
// Same tensors and data as lj_model_load (F32, F16 or BF16), copied: `data` may be freed after the call.
// *out is owned by the caller (lj_train_free).
LJ_API lj_status lj_train_new(const lj_model_params * params, const lj_tensor_desc * tensors, int32_t n_tensors,
                              const void * data, uint64_t data_size, const lj_train_params * train_params, lj_trainer ** out);
LJ_API void      lj_train_free(lj_trainer * trainer);
LJ_API const char * lj_train_backend(const lj_trainer * trainer);
// The loss of one batch; with backward != 0 its gradient times `weight` is added to the accumulators.
LJ_API lj_status lj_train_batch(lj_trainer * trainer, const lj_train_example * rows, int32_t n_rows, float weight,
                                int32_t backward, lj_train_losses * out);
// The L2 norm of all accumulated gradients together.
LJ_API lj_status lj_train_grad_norm(lj_trainer * trainer, double * out);
// One AdamW step (torch.optim.AdamW's update) on the accumulated gradients times grad_scale (clipping),
// then the accumulators are cleared.
LJ_API lj_status lj_train_step(lj_trainer * trainer, const lj_adamw * adamw, float grad_scale);
LJ_API lj_status lj_train_zero_grad(lj_trainer * trainer);
LJ_API int64_t   lj_train_steps(const lj_trainer * trainer);               // optimiser steps taken
LJ_API void      lj_train_set_steps(lj_trainer * trainer, int64_t steps);  // when resuming a checkpoint
// The trainer's tensors: the model's, then the adapters ("<weight>.lora_a", "<weight>.lora_b").
LJ_API int32_t   lj_train_n_tensors(const lj_trainer * trainer);
LJ_API lj_status lj_train_tensor_info(const lj_trainer * trainer, int32_t i, lj_train_tensor * out);
// Copies n floats (the tensor's element count) of one slot of a tensor out or in.
LJ_API lj_status lj_train_get(lj_trainer * trainer, const char * name, int32_t slot, float * out, int64_t n);
LJ_API lj_status lj_train_set(lj_trainer * trainer, const char * name, int32_t slot, const float * in, int64_t n);

// ABI check for the Java bindings: sizeof a struct, offsetof a field (-1 when unknown).
LJ_API int64_t lj_abi_sizeof(const char * type);
LJ_API int64_t lj_abi_offsetof(const char * type, const char * field);

#ifdef __cplusplus
}
#endif

#endif // LATENTJ_H
