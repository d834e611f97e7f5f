// latentj.h: the one C API of latentj's native engine (ggml underneath).
//
// Conventions
// - Handles are opaque. Every function that can fail returns lj_status; on failure,
//   lj_last_error() returns a message (thread-local, valid until the next call on that thread).
// - Java validates untrusted files before calling in; this layer re-checks every precondition that
//   ggml would assert on, so no input reachable from the API aborts the process.
// - Ownership is written next to each function. Nothing here keeps a pointer passed in
//   unless it says so.
// - A call that fails changes nothing, unless its comment says what it leaves (lj_decode,
//   lj_latent_loop, lj_lm_head).
#ifndef LATENTJ_H
#define LATENTJ_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LJ_API __attribute__((visibility("default")))

// Limits, checked by every call that takes such a value.
#define LJ_MAX_NAME 64            // bytes of a tensor name, the NUL included
#define LJ_MAX_TOPK 64            // ids of a mixture row; top_k of lj_set_reduce
#define LJ_MAX_SEQ 4096           // n_seq_max
#define LJ_MAX_CTX (1 << 20)      // n_ctx
#define LJ_DEFAULT_CTX_MAX 4096   // n_ctx 0 resolves to min(n_ctx_train, LJ_DEFAULT_CTX_MAX)
#define LJ_MAX_CELLS (1 << 24)    // KV cache cells: n_ctx * n_seq_max
#define LJ_DEFAULT_BATCH_MAX 4096 // n_batch_max 0 resolves to min(n_ctx * n_seq_max, LJ_DEFAULT_BATCH_MAX)
#define LJ_MAX_STEPS 4096         // n_steps of lj_latent_loop; n of lj_lm_head
#define LJ_MAX_LAYERS 4096        // n_layer
#define LJ_MAX_TENSORS 1000000    // tensors of one model
#define LJ_MAX_RPC_DEVICES 16     // devices of RPC servers one model splits over (ggml's GGML_RPC_MAX_SERVERS)
#define LJ_DEFAULT_RPC_TIMEOUT_MS 60000

typedef struct lj_model lj_model;
typedef struct lj_session lj_session;

typedef enum {
    LJ_OK = 0,
    LJ_ERR_ARG = 1,          // an argument is invalid (message says which)
    LJ_ERR_NOMEM = 2,        // an allocation failed (host or device)
    LJ_ERR_BACKEND = 3,      // the backend failed or is not available
    LJ_ERR_CONTEXT_FULL = 4, // no room in the KV cache or past the sequence's context
    LJ_ERR_STATE = 5,        // the call is not valid now (e.g. no outputs from the last decode)
    LJ_ERR_LOST = 6,         // an RPC server of the model was lost: the model is retired (see "RPC failures")
} lj_status;

// The normalisation an architecture uses in its blocks and before the LM head.
typedef enum { LJ_NORM_LAYER = 0, LJ_NORM_RMS = 1 } lj_norm_kind;

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
    int32_t arch;            // an id from lj_arch_by_name (default -1: none)
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
    // Layers on other hosts, through ggml's RPC backend (see lj_rpc_server_start). The RPC servers hold the first
    // layers, in the order listed; `backend` holds the last ones, the input and output layers and the CODI
    // projection, so outputs and hidden states never cross the network: only each layer boundary's activations do.
    const char *  rpc_servers;    // "host:port[,host:port...]"; NULL or "": the whole model on `backend`
    const float * tensor_split;   // [n_tensor_split] each device's share of the layers, in layer order: every device
                                  // of the servers as listed (one per server for latentj rpc-server), then `backend`;
                                  // NULL: in proportion to each device's free memory
    int32_t n_tensor_split;
    int32_t rpc_timeout_ms;       // one exchange with the servers (a decode, a weight tensor) taking longer fails
                                  // the model (<= 0: LJ_DEFAULT_RPC_TIMEOUT_MS)
} lj_model_params;

typedef struct lj_session_params {
    int32_t n_seq_max;       // sequence slots
    int32_t n_ctx;           // positions per sequence (0: the model's n_ctx_train, at most LJ_DEFAULT_CTX_MAX)
    int32_t n_batch_max;     // most rows per decode call (0: n_ctx * n_seq_max, at most LJ_DEFAULT_BATCH_MAX)
    int32_t kv_type;         // ggml_type of the KV cache (F32, F16, BF16); -1: F32, which keeps greedy ids exact
} lj_session_params;

// What one row of a batch feeds at (seq, pos). The pointers are read during lj_decode only.
typedef enum {
    LJ_ROW_TOKEN = 0,        // token id
    LJ_ROW_EMBD = 1,         // raw input vector of n_embd floats (GPT-2 still adds its position embedding)
    LJ_ROW_MIXTURE = 2,      // concept token: sum_i weights[i] * E[ids[i]], n_mix <= LJ_MAX_TOPK
    // CODI continuous thought: z = prj(h), h the hidden state of the sequence's last output (which any
    // earlier decode left on the device). It must be its sequence's only row in the batch.
    LJ_ROW_LATENT = 3,
    LJ_ROW_LATENT_COCONUT = 4, // as LJ_ROW_LATENT, but z = h itself (Coconut, no projection)
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

// Loads ggml's backends, once per process. The portable build keeps them as modules next to liblatentj:
// one CPU module per instruction-set level (libggml-cpu-<variant>.so), of which ggml loads the best this
// CPU runs, and the GPU modules built (libggml-cuda.so). `cpu_variant` ("x64", "haswell", ...) loads that
// CPU module instead; NULL or "" defers to the environment variable LATENTJ_CPU_VARIANT, then to the best.
// lj_model_load calls lj_init(NULL) when nobody has; asking for another variant afterwards is LJ_ERR_STATE.
LJ_API lj_status    lj_init(const char * cpu_variant);
// The instruction-set features the loaded CPU backend was built for, space-separated ("AVX AVX2 FMA ...");
// "" before lj_init. Static storage.
LJ_API const char * lj_cpu_features(void);

LJ_API lj_model_params   lj_model_default_params(void);
LJ_API lj_session_params lj_session_default_params(void);

// The architectures this build runs, one per native/src/models/<arch>.cpp: ids 0 .. lj_arch_count() - 1,
// ordered by name. Look them up by GGUF name rather than keeping ids.
LJ_API int32_t      lj_arch_count(void);
LJ_API const char * lj_arch_name(int32_t arch);         // its general.architecture; NULL when out of range
LJ_API int32_t      lj_arch_by_name(const char * name); // -1 when this build has no such architecture
LJ_API int32_t      lj_arch_norm(int32_t arch);         // lj_norm_kind; -1 when out of range

// Builds a model from `n_tensors` descriptors over `data` (typically the mmapped GGUF data section).
// On the CPU backend the weights are used in place when aligned: `data` must then outlive the model.
// *out is owned by the caller: free it with lj_model_free after all its sessions.
LJ_API lj_status lj_model_load(const lj_model_params * params, const lj_tensor_desc * tensors, int32_t n_tensors,
                               const void * data, uint64_t data_size, lj_model ** out);
// lj_model_load's checks alone, with the same messages: do these hyper-parameters and tensor descriptors
// (bounds against data_size included) make a model? Reads no data and allocates no weights.
LJ_API lj_status lj_model_check(const lj_model_params * params, const lj_tensor_desc * tensors, int32_t n_tensors,
                                uint64_t data_size);
LJ_API void        lj_model_free(lj_model * model);
LJ_API const char * lj_model_backend(const lj_model * model); // "CPU", "CUDA0", ... (owned by the model)
LJ_API int32_t     lj_model_has_prj(const lj_model * model);  // 1 when CODI projection tensors are loaded
// 1 when an RPC server of the model was lost (see "RPC failures"): the model is retired, and a thread of it may
// still read the weights, so `data` of lj_model_load must stay mapped until the process ends.
LJ_API int32_t     lj_model_lost(const lj_model * model);
// The device holding layer il: lj_model_backend's name, or an RPC server's "RPC<device>[host:port]" (ggml's
// name for its memory). Owned by the model; NULL when il is out of range.
LJ_API const char * lj_model_layer_device(const lj_model * model, int32_t il);

// RPC failures. ggml's RPC client aborts the process when a connection breaks, and waits without limit on a
// server that stops answering; latentj catches both. When a server dies or one exchange with it outlasts
// rpc_timeout_ms, the call fails with LJ_ERR_LOST naming the server, and the model is retired: every later call
// on it or its sessions that would reach a device fails with the same status and message, and freeing them
// releases nothing (that would talk to the lost server), so their memory stays taken until the process ends.
// Its servers cannot be used again in this process (a model naming one fails to load with LJ_ERR_LOST); load the
// model again in a new process once they are back.

// Serves this host's backend to other processes' rpc_servers with ggml's RPC server: the protocol of llama.cpp's
// rpc-server built from the same ggml, which has no authentication or encryption (bind beyond loopback only on
// a trusted network). host: an IPv4 address; port 0: a free one, which the banner ggml prints on stdout names
// ("endpoint : host:port"); backend: LJ_BACKEND_CPU, LJ_BACKEND_CUDA, or AUTO (CUDA when present); n_threads
// <= 0: all cores but one; mem_bytes > 0: the memory the server reports and at most lets its clients allocate
// (0: the device's own). Serves one client at a time, and the next when it leaves. Blocks: it returns only when
// the server cannot start (port taken, no such device) or its socket fails, with an error.
LJ_API lj_status lj_rpc_server_start(const char * host, int32_t port, int32_t backend, int32_t n_threads, uint64_t mem_bytes);

// A session: n_seq_max sequence slots sharing one KV cache. Owned by the caller (lj_session_free).
// One session must not be used from two threads at once; sessions of one model may run in parallel.
LJ_API lj_status lj_session_new(lj_model * model, const lj_session_params * params, lj_session ** out);
LJ_API void      lj_session_free(lj_session * session);
LJ_API int32_t   lj_session_n_ctx(const lj_session * session);   // positions per sequence, as resolved
LJ_API int32_t   lj_session_n_batch(const lj_session * session); // most rows per lj_decode, as resolved
// graphs built by this session's decodes so far: a decode whose batch has the shape of the one before
// (row counts and kinds, outputs, the padded attended extent, the reduction) computes that graph again
LJ_API int64_t   lj_session_n_graphs(const lj_session * session);

// Decodes one batch. Rows may belong to different sequences and be of different kinds. A row at
// (seq, pos) first drops whatever that sequence held at positions >= pos, so re-decoding is allowed.
// Outputs are numbered 0.. in row order among the rows with output != LJ_OUT_NONE, and stay
// readable until the next decode (or lj_lm_head). The last output of each sequence leaves its hidden
// state on the device for latent rows.
// All or nothing. Every row is checked and the cache cells are found (those the drops free included)
// before anything changes, so on LJ_ERR_ARG, LJ_ERR_STATE or LJ_ERR_CONTEXT_FULL the session is exactly
// as before, the last decode's outputs included. On LJ_ERR_NOMEM (the graph could not be allocated) the
// cache and the hidden states are as before and there are no outputs. On LJ_ERR_BACKEND (the compute
// failed) there are no outputs, and each sequence of the batch has lost its positions from its first
// row's on, and its hidden state.
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
// input at the sequence's next position, and take the new h. Each step is one lj_decode of a latent
// row per sequence (LJ_ROW_LATENT or LJ_ROW_LATENT_COCONUT, with an LJ_OUT_HIDDEN output); h and z stay
// on the device. Optional outputs, row-major: latents_out [n_steps][n_seqs][n_embd] (the fed z),
// hidden_out [n_steps + 1][n_seqs][n_embd] (each h before its projection, the last one included).
// The arguments, the hidden states and the context are checked before the first step; a step that
// fails leaves the steps before it done (see lj_decode for the state it leaves).
typedef enum { LJ_LATENT_PRJ = 0, LJ_LATENT_COCONUT = 1 } lj_latent_mode;
LJ_API lj_status lj_latent_loop(lj_session * session, const int32_t * seqs, int32_t n_seqs, int32_t n_steps, int32_t mode,
                                float * latents_out, float * hidden_out);

// Logit lens: the LM head applied to n post-norm hidden states ([n][n_embd] -> [n][n_vocab]). It computes
// in the session's buffers: once its arguments pass, the last decode's outputs are gone, also on failure.
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
// Same tensors and data as lj_model_load, copied to F32 (quantised types dequantised): `data` may be freed after
// the call.
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
