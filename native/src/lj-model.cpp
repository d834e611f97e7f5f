// Model loading: validates the descriptors Java sends, splits the layers over the devices (this process's and any
// RPC servers'), creates the ggml tensors, places the weights.
#include "lj-model.h"
#include "lj-error.h"
#include "lj-init.h"
#include "ggml-alloc.h"
#include "ggml-cpu.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

static constexpr size_t k_tensor_alignment = 32; // ggml's TENSOR_ALIGNMENT

void lj_model::free_parts() {
    for (ggml_backend_buffer_t b : extra_bufs) ggml_backend_buffer_free(b);
    extra_bufs.clear();
    if (extra_ctx) ggml_free(extra_ctx);
    extra_ctx = nullptr;
    for (lj_model_part & p : parts) {
        if (p.buf) ggml_backend_buffer_free(p.buf);
        if (p.ctx) ggml_free(p.ctx);
        p.buf = nullptr;
        p.ctx = nullptr;
    }
}

ggml_tensor * lj_model::find(const char * name) const {
    for (const lj_model_part & p : parts) {
        if (ggml_tensor * t = p.ctx ? ggml_get_tensor(p.ctx, name) : nullptr) return t;
    }
    return nullptr;
}

int64_t lj_n_embd_gqa(const lj_model_params & hp) { return (int64_t) hp.head_dim * hp.n_head_kv; }

extern "C" lj_model_params lj_model_default_params(void) {
    lj_model_params p{};
    p.arch = -1; // set from lj_arch_by_name
    p.backend = LJ_BACKEND_AUTO;
    p.n_threads = 0;
    p.norm_eps = 1e-5f;
    p.rope_freq_base = 10000.0f;
    p.prj_norm_eps = 1e-5f;
    return p;
}

static lj_status check_params(const lj_model_params & hp) {
    const lj_arch_desc * arch = lj_arch_get(hp.arch);
    if (!arch) return lj_fail(LJ_ERR_ARG, "unknown architecture %d", hp.arch);
    if (hp.backend < LJ_BACKEND_AUTO || hp.backend > LJ_BACKEND_CUDA) return lj_fail(LJ_ERR_ARG, "unknown backend %d", hp.backend);
    struct { const char * name; int32_t v; } pos[] = {
        {"n_vocab", hp.n_vocab}, {"n_embd", hp.n_embd}, {"n_layer", hp.n_layer}, {"n_head", hp.n_head},
        {"n_head_kv", hp.n_head_kv}, {"head_dim", hp.head_dim}, {"n_ff", hp.n_ff}, {"n_ctx_train", hp.n_ctx_train}};
    for (auto & p : pos) {
        if (p.v <= 0) return lj_fail(LJ_ERR_ARG, "%s must be positive, got %d", p.name, p.v);
    }
    if (hp.n_layer > LJ_MAX_LAYERS) return lj_fail(LJ_ERR_ARG, "n_layer %d is absurd", hp.n_layer);
    if (hp.n_head % hp.n_head_kv != 0) return lj_fail(LJ_ERR_ARG, "n_head %d is not a multiple of n_head_kv %d", hp.n_head, hp.n_head_kv);
    if (arch->check_params) {
        if (lj_status s = arch->check_params(hp); s != LJ_OK) return s;
    }
    if (!(hp.norm_eps > 0.0f) || !(hp.norm_eps < 1.0f)) return lj_fail(LJ_ERR_ARG, "norm_eps %g out of range", hp.norm_eps);
    if (!(hp.rope_freq_base > 0.0f)) return lj_fail(LJ_ERR_ARG, "rope_freq_base %g must be positive", hp.rope_freq_base);
    return LJ_OK;
}

static lj_status check_desc(const lj_tensor_desc & d, uint64_t data_size, int index) {
    if (memchr(d.name, 0, LJ_MAX_NAME) == nullptr) return lj_fail(LJ_ERR_ARG, "tensor #%d: name is not NUL-terminated", index);
    if (d.type < 0 || d.type >= GGML_TYPE_COUNT || ggml_blck_size((ggml_type) d.type) <= 0 || ggml_type_size((ggml_type) d.type) == 0)
        return lj_fail(LJ_ERR_ARG, "tensor '%s': unknown ggml type %d", d.name, d.type);
    if (d.n_dims < 1 || d.n_dims > 4) return lj_fail(LJ_ERR_ARG, "tensor '%s': %d dimensions", d.name, d.n_dims);
    int64_t n = 1;
    for (int i = 0; i < 4; i++) {
        int64_t ne = d.ne[i];
        if (ne < 1 || (i >= d.n_dims && ne != 1)) return lj_fail(LJ_ERR_ARG, "tensor '%s': bad ne[%d] = %lld", d.name, i, (long long) ne);
        if (__builtin_mul_overflow(n, ne, &n) || n > (INT64_C(1) << 48)) return lj_fail(LJ_ERR_ARG, "tensor '%s': element count overflows", d.name);
    }
    const ggml_type t = (ggml_type) d.type;
    if (d.ne[0] % ggml_blck_size(t) != 0)
        return lj_fail(LJ_ERR_ARG, "tensor '%s': ne[0] %lld is not a multiple of the %s block size", d.name, (long long) d.ne[0], ggml_type_name(t));
    const uint64_t bytes = (uint64_t) ggml_row_size(t, d.ne[0]) * (uint64_t) (n / d.ne[0]);
    if (bytes != d.size) return lj_fail(LJ_ERR_ARG, "tensor '%s': size %llu, expected %llu", d.name, (unsigned long long) d.size, (unsigned long long) bytes);
    if (d.offset > data_size || d.size > data_size - d.offset)
        return lj_fail(LJ_ERR_ARG, "tensor '%s': [%llu, +%llu) is outside the data (%llu bytes)", d.name,
                       (unsigned long long) d.offset, (unsigned long long) d.size, (unsigned long long) data_size);
    return LJ_OK;
}

// Vectors (norms, biases) are F32; matrices a float or common quantized type.
static bool type_ok(ggml_type t, size_t n_dims) {
    if (n_dims == 1) return t == GGML_TYPE_F32;
    switch (t) {
        case GGML_TYPE_F32: case GGML_TYPE_F16: case GGML_TYPE_BF16: case GGML_TYPE_Q4_0: case GGML_TYPE_Q4_1:
        case GGML_TYPE_Q5_0: case GGML_TYPE_Q5_1: case GGML_TYPE_Q8_0: case GGML_TYPE_Q2_K: case GGML_TYPE_Q3_K:
        case GGML_TYPE_Q4_K: case GGML_TYPE_Q5_K: case GGML_TYPE_Q6_K: case GGML_TYPE_IQ4_NL: case GGML_TYPE_IQ4_XS:
            return true;
        default:
            return false;
    }
}

ggml_tensor * lj_tensor_lookup::get(const std::string & name, std::initializer_list<int64_t> ne, bool required) {
    if (status != LJ_OK) return nullptr;
    ggml_tensor * t = m.find(name.c_str());
    if (!t) {
        if (required) status = lj_fail(LJ_ERR_ARG, "missing tensor '%s'", name.c_str());
        return nullptr;
    }
    if (!type_ok(t->type, ne.size())) {
        status = lj_fail(LJ_ERR_ARG, "tensor '%s': type %s is not used for %s", name.c_str(), ggml_type_name(t->type),
                         ne.size() == 1 ? "vectors (F32 only)" : "weight matrices");
        return nullptr;
    }
    int i = 0;
    for (int64_t want : ne) {
        if (t->ne[i] != want) {
            status = lj_fail(LJ_ERR_ARG, "tensor '%s': ne[%d] is %lld, the hyper-parameters say %lld", name.c_str(), i,
                             (long long) t->ne[i], (long long) want);
            return nullptr;
        }
        i++;
    }
    for (; i < 4; i++) {
        if (t->ne[i] != 1) {
            status = lj_fail(LJ_ERR_ARG, "tensor '%s' has %d dimensions, expected %zu", name.c_str(), ggml_n_dims(t), ne.size());
            return nullptr;
        }
    }
    return t;
}

std::string lj_blk(int il, const char * suffix) { return "blk." + std::to_string(il) + "." + suffix; }

// The shared tensors, the architecture's own, then CODI's projection when the file carries one.
static lj_status bind_tensors(lj_model & m) {
    const int64_t n_embd = m.hp.n_embd, n_vocab = m.hp.n_vocab;
    lj_tensor_lookup L{m};

    m.tok_embd = L.get("token_embd.weight", {n_embd, n_vocab});
    m.output_norm = L.get("output_norm.weight", {n_embd});
    m.output = L.get("output.weight", {n_embd, n_vocab}, false);
    if (!m.output) m.output = m.tok_embd; // tied embeddings
    m.weights = m.arch->bind(m, L);

    if (ggml_tensor * fc1 = m.find("codi.prj.fc1.weight")) {
        const int64_t prj_dim = fc1->ne[1];
        m.prj.fc1 = L.get("codi.prj.fc1.weight", {n_embd, prj_dim});
        m.prj.fc1_b = L.get("codi.prj.fc1.bias", {prj_dim});
        m.prj.fc2 = L.get("codi.prj.fc2.weight", {prj_dim, n_embd});
        m.prj.fc2_b = L.get("codi.prj.fc2.bias", {n_embd});
        m.prj.ln = L.get("codi.prj.ln.weight", {n_embd}, false);
        m.prj.ln_b = L.get("codi.prj.ln.bias", {n_embd}, m.prj.ln != nullptr);
    }
    return L.status;
}

static ggml_backend_dev_t pick_device(int32_t backend) {
    ggml_backend_dev_t gpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_GPU);
    switch (backend) {
        case LJ_BACKEND_CPU: return ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
        case LJ_BACKEND_CUDA: return gpu;
        default: return gpu ? gpu : ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    }
}

// The part each layer goes to: llama.cpp's rule, layer il to the first part whose cumulative share of the layers
// exceeds il / n_layer. The shares are tensor_split, or each device's free memory.
static lj_status split_layers(lj_model & m, std::vector<double> share) {
    const size_t n = m.parts.size();
    if (share.empty()) {
        for (const lj_model_part & p : m.parts) {
            size_t free = 0, total = 0;
            ggml_backend_dev_memory(p.dev, &free, &total);
            share.push_back((double) free);
        }
    }
    double sum = 0;
    for (double s : share) sum += s;
    if (!(sum > 0)) share.assign(n, 1.0), sum = (double) n; // no device reports memory: even shares
    std::vector<double> bound(n);
    double acc = 0;
    for (size_t i = 0; i < n; i++) bound[i] = (acc += share[i]) / sum;
    m.layer_part.resize(m.hp.n_layer);
    for (int il = 0; il < m.hp.n_layer; il++) {
        const size_t part = std::upper_bound(bound.begin(), bound.end(), (double) il / m.hp.n_layer) - bound.begin();
        m.layer_part[il] = (int32_t) std::min(part, n - 1);
    }
    return LJ_OK;
}

static lj_status check_split(const lj_model_params & p, const lj_model & m, std::vector<double> & share) {
    if (!p.tensor_split) return LJ_OK;
    if (p.n_tensor_split != (int32_t) m.parts.size()) {
        std::string names;
        for (const lj_model_part & part : m.parts) names += (names.empty() ? "" : ", ") + part.name;
        return lj_fail(LJ_ERR_ARG, "the tensor split has %d shares for %zu devices (%s)", p.n_tensor_split, m.parts.size(), names.c_str());
    }
    double sum = 0;
    for (int32_t i = 0; i < p.n_tensor_split; i++) {
        const float s = p.tensor_split[i];
        if (!(s >= 0.0f) || !std::isfinite(s)) return lj_fail(LJ_ERR_ARG, "tensor split share %d is %g; shares are finite and >= 0", i, s);
        share.push_back(s);
        sum += s;
    }
    if (!(sum > 0)) return lj_fail(LJ_ERR_ARG, "the tensor split's shares are all 0");
    return LJ_OK;
}

// The part holding a tensor: a block's tensors go with their layer, the rest (embeddings, output, CODI
// projection, RoPE factors) with the last part.
static int32_t part_of(const lj_model & m, const char * name) {
    int il = -1;
    if (std::sscanf(name, "blk.%d.", &il) == 1 && il >= 0 && il < m.hp.n_layer) return m.layer_part[il];
    return (int32_t) m.parts.size() - 1;
}

// This process's part. On the CPU the weights stay in the caller's mapping when aligned: no copy, no second
// resident copy.
static lj_status place_local(lj_model_part & part, const lj_tensor_desc * descs, const std::vector<ggml_tensor *> & mine,
                             const std::vector<int32_t> & index, const void * data, uint64_t data_size) {
    const bool cpu = ggml_backend_dev_type(part.dev) == GGML_BACKEND_DEVICE_TYPE_CPU;
    bool aligned = ((uintptr_t) data % k_tensor_alignment) == 0;
    for (size_t k = 0; k < mine.size() && aligned; k++) aligned = descs[index[k]].offset % k_tensor_alignment == 0;

    if (cpu && aligned) {
        part.buf = ggml_backend_cpu_buffer_from_ptr(const_cast<void *>(data), data_size);
        if (!part.buf) return lj_fail(LJ_ERR_NOMEM, "could not wrap the weights");
        for (size_t k = 0; k < mine.size(); k++) {
            const lj_tensor_desc & d = descs[index[k]];
            if (ggml_backend_tensor_alloc(part.buf, mine[k], (char *) const_cast<void *>(data) + d.offset) != GGML_STATUS_SUCCESS)
                return lj_fail(LJ_ERR_BACKEND, "could not place tensor '%s'", d.name);
        }
    } else {
        part.buf = ggml_backend_alloc_ctx_tensors_from_buft(part.ctx, ggml_backend_dev_buffer_type(part.dev));
        if (!part.buf) return lj_fail(LJ_ERR_NOMEM, "could not allocate %s memory for the weights", part.name.c_str());
        for (size_t k = 0; k < mine.size(); k++) {
            const lj_tensor_desc & d = descs[index[k]];
            ggml_backend_tensor_set(mine[k], (const char *) data + d.offset, 0, d.size);
        }
    }
    ggml_backend_buffer_set_usage(part.buf, GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
    return LJ_OK;
}

// An RPC server's part, one tensor per exchange (each bounded by the link's time-out). The bytes are copied out of
// the caller's mapping first: an exchange cut short by the time-out may still read them after load has returned.
static lj_status place_remote(lj_model & m, lj_model_part & part, const lj_tensor_desc * descs, const std::vector<ggml_tensor *> & mine,
                              const std::vector<int32_t> & index, const void * data) {
    lj_status s = lj_rpc_run(m.rpc.get(), [&part]() -> lj_status {
        part.buf = ggml_backend_alloc_ctx_tensors_from_buft(part.ctx, ggml_backend_dev_buffer_type(part.dev));
        if (!part.buf) return lj_fail(LJ_ERR_NOMEM, "%s could not allocate memory for its layers' weights", part.name.c_str());
        ggml_backend_buffer_set_usage(part.buf, GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
        return LJ_OK;
    });
    for (size_t k = 0; k < mine.size() && s == LJ_OK; k++) {
        const lj_tensor_desc & d = descs[index[k]];
        auto bytes = std::make_shared<std::vector<uint8_t>>((const uint8_t *) data + d.offset, (const uint8_t *) data + d.offset + d.size);
        s = lj_rpc_run(m.rpc.get(), [t = mine[k], bytes]() -> lj_status {
            ggml_backend_tensor_set(t, bytes->data(), 0, bytes->size());
            return LJ_OK;
        });
    }
    return s;
}

static lj_status place_weights(lj_model & m, const lj_tensor_desc * descs, const std::vector<ggml_tensor *> & tensors,
                               const void * data, uint64_t data_size) {
    for (int32_t pi = 0; pi < (int32_t) m.parts.size(); pi++) {
        std::vector<ggml_tensor *> mine;
        std::vector<int32_t> index;
        for (int32_t i = 0; i < (int32_t) tensors.size(); i++) {
            if (part_of(m, descs[i].name) == pi) {
                mine.push_back(tensors[i]);
                index.push_back(i);
            }
        }
        if (mine.empty()) continue; // a device with no layers
        lj_model_part & part = m.parts[pi];
        const bool local = pi == (int32_t) m.parts.size() - 1;
        lj_status s = local ? place_local(part, descs, mine, index, data, data_size) : place_remote(m, part, descs, mine, index, data);
        if (s != LJ_OK) return s;
    }
    return LJ_OK;
}

// lj_model_load's and lj_model_check's checks of the parameters and descriptors.
static lj_status check(const lj_model_params * params, const lj_tensor_desc * descs, int32_t n_tensors, uint64_t data_size) {
    lj_init_once();
    if (n_tensors <= 0 || n_tensors > LJ_MAX_TENSORS) return lj_fail(LJ_ERR_ARG, "bad tensor count %d", n_tensors);
    if (lj_status s = check_params(*params); s != LJ_OK) return s;
    for (int i = 0; i < n_tensors; i++) {
        if (lj_status s = check_desc(descs[i], data_size, i); s != LJ_OK) return s;
    }
    return LJ_OK;
}

// The tensor metadata, each tensor in its part's context (`tensors` in descriptor order), and the binding.
static lj_status describe(const lj_tensor_desc * descs, int32_t n_tensors, lj_model & m, std::vector<ggml_tensor *> & tensors) {
    std::vector<size_t> count(m.parts.size(), 0);
    for (int i = 0; i < n_tensors; i++) count[part_of(m, descs[i].name)]++;
    for (size_t p = 0; p < m.parts.size(); p++) {
        ggml_init_params ip{ggml_tensor_overhead() * (count[p] + 1), nullptr, true};
        m.parts[p].ctx = ggml_init(ip);
        if (!m.parts[p].ctx) return lj_fail(LJ_ERR_NOMEM, "ggml_init failed");
    }
    std::unordered_map<std::string, int> seen;
    for (int i = 0; i < n_tensors; i++) {
        const lj_tensor_desc & d = descs[i];
        if (!seen.emplace(d.name, i).second) return lj_fail(LJ_ERR_ARG, "duplicate tensor name '%s'", d.name);
        ggml_tensor * t = ggml_new_tensor(m.parts[part_of(m, d.name)].ctx, (ggml_type) d.type, 4, d.ne);
        ggml_set_name(t, d.name);
        tensors.push_back(t);
    }
    return bind_tensors(m);
}

extern "C" lj_status lj_model_check(const lj_model_params * params, const lj_tensor_desc * descs, int32_t n_tensors, uint64_t data_size) {
    return lj_guard([&]() -> lj_status {
        if (!params || (!descs && n_tensors > 0)) return lj_fail(LJ_ERR_ARG, "null argument");
        if (lj_status s = check(params, descs, n_tensors, data_size); s != LJ_OK) return s;
        lj_model m;
        m.hp = *params;
        m.arch = lj_arch_get(params->arch);
        m.parts.resize(1);
        m.layer_part.assign(params->n_layer, 0);
        std::vector<ggml_tensor *> tensors;
        return describe(descs, n_tensors, m, tensors);
    });
}

// Whether the CPU computes mul_mat(w, x) with w in `buft`: llama.cpp's weight_buft_supported, on a stand-in of w.
static bool extra_buft_supports(ggml_backend_dev_t dev, ggml_backend_buffer_type_t buft, const ggml_tensor * w) {
    ggml_init_params ip{ggml_tensor_overhead() * 4, nullptr, true};
    ggml_context * ctx = ggml_init(ip);
    if (!ctx) return false;
    ggml_tensor * wc = ggml_new_tensor(ctx, w->type, GGML_MAX_DIMS, w->ne);
    ggml_tensor * x = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, w->ne[0], 512, w->ne[2], w->ne[3]);
    ggml_tensor * op = ggml_mul_mat(ctx, wc, x);
    wc->buffer = ggml_backend_buft_alloc_buffer(buft, 0);
    const bool ok = wc->buffer && ggml_backend_dev_supports_op(dev, op);
    if (wc->buffer) ggml_backend_buffer_free(wc->buffer);
    ggml_free(ctx);
    return ok;
}

// On the CPU, each weight matrix that one of ggml's extra buffer types takes (repacked Q4_0 for AVX2/AVX512, ...)
// gets a copy there, converted as it is set, as llama.cpp's loader does: those kernels beat the plain layout.
// Embedding lookups keep the mapped original, so a tied output gets its own copy. The first buffer type that
// takes a tensor wins, in ggml's order. By default only types whose extra kernels give a row the same bits
// whatever the other rows of its batch (the server's greedy outputs must not depend on batch composition;
// BatchInvarianceTest) move: Q4_0. Repacked Q4_K rounds differently in its one-row and many-row kernels.
// LATENTJ_EXTRA_BUFTS=all moves every type a buffer takes, =none none.
static bool moves_by_default(ggml_type t) { return t == GGML_TYPE_Q4_0; }

static lj_status place_extra_weights(lj_model & m, const lj_tensor_desc * descs, int32_t n, const void * data) {
    ggml_backend_reg_t reg = ggml_backend_dev_backend_reg(m.dev);
    auto get_extra = (ggml_backend_dev_get_extra_bufts_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_dev_get_extra_bufts");
    const char * mode = getenv("LATENTJ_EXTRA_BUFTS");
    const bool all = mode && strcmp(mode, "all") == 0;
    if (!get_extra || (mode && strcmp(mode, "none") == 0)) return LJ_OK;
    std::vector<ggml_backend_buffer_type_t> bufts;
    for (ggml_backend_buffer_type_t * b = get_extra(m.dev); b && *b; ++b) bufts.push_back(*b);
    if (bufts.empty()) return LJ_OK;

    std::vector<ggml_tensor **> slots = {&m.output, &m.prj.fc1, &m.prj.fc2};
    for (ggml_tensor ** t : m.weights->matrices()) slots.push_back(t);
    std::unordered_map<std::string, const lj_tensor_desc *> by_name;
    for (int i = 0; i < n; i++) by_name[descs[i].name] = &descs[i];

    ggml_init_params ip{ggml_tensor_overhead() * slots.size(), nullptr, true};
    m.extra_ctx = ggml_init(ip);
    if (!m.extra_ctx) return lj_fail(LJ_ERR_NOMEM, "ggml_init failed");
    for (ggml_backend_buffer_type_t buft : bufts) {
        std::vector<std::pair<ggml_tensor **, ggml_tensor *>> moved; // slot, its copy in this buffer type
        for (ggml_tensor ** slot : slots) {
            ggml_tensor * w = *slot;
            if (!w || w->buffer != m.parts.back().buf || !(all || moves_by_default(w->type)) || !extra_buft_supports(m.dev, buft, w)) continue;
            ggml_tensor * copy = ggml_dup_tensor(m.extra_ctx, w);
            ggml_format_name(copy, "%s (%s)", w->name, ggml_backend_buft_name(buft));
            moved.emplace_back(slot, copy);
        }
        if (moved.empty()) continue;
        size_t size = 0;
        for (auto & [slot, copy] : moved) size += GGML_PAD(ggml_backend_buft_get_alloc_size(buft, copy), ggml_backend_buft_get_alignment(buft));
        ggml_backend_buffer_t b = ggml_backend_buft_alloc_buffer(buft, size);
        if (!b) return lj_fail(LJ_ERR_NOMEM, "could not allocate %zu bytes of %s weights", size, ggml_backend_buft_name(buft));
        m.extra_bufs.push_back(b);
        ggml_backend_buffer_set_usage(b, GGML_BACKEND_BUFFER_USAGE_WEIGHTS);
        ggml_tallocr alloc = ggml_tallocr_new(b);
        for (auto & [slot, copy] : moved) {
            if (ggml_tallocr_alloc(&alloc, copy) != GGML_STATUS_SUCCESS) return lj_fail(LJ_ERR_BACKEND, "could not place '%s'", copy->name);
            const lj_tensor_desc * d = by_name.at((*slot)->name);
            ggml_backend_tensor_set(copy, (const char *) data + d->offset, 0, d->size); // converts to the buffer's layout
            *slot = copy;
        }
    }
    return LJ_OK;
}

// Devices, split, metadata and weights, for a model whose hyper-parameters and local device are set.
static lj_status load(lj_model & m, const lj_model_params & p, const lj_tensor_desc * descs, int32_t n_tensors,
                      const void * data, uint64_t data_size) {
    if (p.rpc_servers && *p.rpc_servers) {
        if (lj_status s = lj_rpc_link::open(p.rpc_servers, p.rpc_timeout_ms, m.rpc); s != LJ_OK) return s;
        for (const auto & d : m.rpc->devices()) m.parts.push_back({d.dev, d.name});
    }
    m.parts.push_back({m.dev, m.dev_name});
    std::vector<double> share;
    if (lj_status s = check_split(p, m, share); s != LJ_OK) return s;
    if (m.parts.size() == 1) {
        m.layer_part.assign(m.hp.n_layer, 0);
    } else if (lj_status s = lj_rpc_run(m.rpc.get(), [&m, share] { return split_layers(m, share); }); s != LJ_OK) {
        return s;
    }
    std::vector<ggml_tensor *> tensors;
    if (lj_status s = describe(descs, n_tensors, m, tensors); s != LJ_OK) return s;
    if (lj_status s = place_weights(m, descs, tensors, data, data_size); s != LJ_OK) return s;
    if (ggml_backend_dev_type(m.dev) != GGML_BACKEND_DEVICE_TYPE_CPU) return LJ_OK;
    return place_extra_weights(m, descs, n_tensors, data);
}

extern "C" lj_status lj_model_load(const lj_model_params * params, const lj_tensor_desc * descs, int32_t n_tensors,
                                   const void * data, uint64_t data_size, lj_model ** out) {
    return lj_guard([&]() -> lj_status {
        if (!params || !out || (!descs && n_tensors > 0) || (!data && data_size > 0)) return lj_fail(LJ_ERR_ARG, "null argument");
        *out = nullptr;
        if (lj_status s = check(params, descs, n_tensors, data_size); s != LJ_OK) return s;
        auto m = std::make_unique<lj_model>();
        m->hp = *params;
        m->arch = lj_arch_get(params->arch);
        m->dev = pick_device(params->backend);
        if (!m->dev) return lj_fail(LJ_ERR_BACKEND, "no %s device in this build", params->backend == LJ_BACKEND_CUDA ? "CUDA" : "CPU");
        m->dev_name = ggml_backend_dev_name(m->dev);
        if (lj_status s = load(*m, *params, descs, n_tensors, data, data_size); s != LJ_OK) {
            if (m->remote()) {
                // the servers' part is freed through the link; on a lost server it cannot be freed at all
                const std::string why = lj_last_error();
                lj_model * raw = m.get();
                if (raw->rpc->retired() || raw->rpc->run([raw] { raw->free_parts(); return LJ_OK; }) != LJ_OK) m.release();
                return lj_fail(s, "%s", why.c_str());
            }
            return s;
        }
        *out = m.release();
        return LJ_OK;
    });
}

extern "C" void lj_model_free(lj_model * model) {
    if (!model) return;
    if (model->remote()) {
        // freeing talks to the servers; a retired model keeps its memory (latentj.h, "RPC failures")
        if (model->rpc->retired() || model->rpc->run([model] { model->free_parts(); return LJ_OK; }) != LJ_OK) return;
    }
    delete model;
}

extern "C" const char * lj_model_backend(const lj_model * model) { return model ? model->dev_name.c_str() : ""; }

extern "C" const char * lj_model_layer_device(const lj_model * model, int32_t il) {
    if (!model || il < 0 || il >= (int32_t) model->layer_part.size()) return nullptr;
    return model->parts[model->layer_part[il]].name.c_str();
}

extern "C" int32_t lj_model_has_prj(const lj_model * model) { return model && model->prj.fc1 ? 1 : 0; }

extern "C" int32_t lj_model_lost(const lj_model * model) { return model && model->remote() && model->rpc->retired() ? 1 : 0; }
