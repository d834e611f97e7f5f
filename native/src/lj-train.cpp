// CODI training: the trainer's state, one batch's two graphs (teacher, student), the gradient norm and
// the AdamW step (docs/codi-training.md). The graphs themselves are in lj-train-graph.cpp.
#include "lj-train.h"
#include "lj-error.h"
#include "lj-init.h"
#include "ggml-alloc.h"
#include "ggml-cpu.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <thread>

namespace {

// ggml nodes per (segment, layer) of forward and backward together, generously: sizes the graphs
constexpr int64_t k_nodes_per_segment_layer = 1200;

int64_t graph_size(const lj_trainer & tr) {
    return 16384 + k_nodes_per_segment_layer * (int64_t) tr.model->hp.n_layer * (tr.tp.n_latent + 2);
}

// Any type ggml can convert to F32: training works on F32 copies, so a quantised base is dequantised first
// (its rounding stays in the weights; with --random-init they are replaced anyway).
bool converts_to_f32(int32_t t) {
    if (t < 0 || t >= GGML_TYPE_COUNT || ggml_type_size((ggml_type) t) == 0) return false;
    return t == GGML_TYPE_F32 || ggml_get_type_traits((ggml_type) t)->to_float != nullptr;
}

// The linears that LoRA adapts: every attention and MLP weight matrix, as the architecture lists them.
std::vector<ggml_tensor *> adapted_weights(lj_model & m) {
    std::vector<ggml_tensor *> r;
    for (ggml_tensor ** w : m.weights->matrices()) {
        if (*w) r.push_back(*w);
    }
    return r;
}

// The loader may point weight slots at repacked copies for the CPU's fast kernels (lj-model.cpp,
// place_extra_weights); training reads and updates the F32 weights themselves, so the slots go back to them.
// A copy is named "<weight> (<buffer type>)".
lj_status use_plain_weights(lj_model & m) {
    if (m.extra_bufs.empty()) return LJ_OK;
    std::vector<ggml_tensor **> slots = {&m.output, &m.prj.fc1, &m.prj.fc2};
    for (ggml_tensor ** t : m.weights->matrices()) slots.push_back(t);
    for (ggml_tensor ** t : slots) {
        if (!*t || (*t)->buffer == m.parts.back().buf) continue;
        const std::string name((*t)->name);
        ggml_tensor * plain = m.find(name.substr(0, name.rfind(" (")).c_str());
        if (!plain) return lj_fail(LJ_ERR_BACKEND, "no plain weight for '%s'", name.c_str());
        *t = plain;
    }
    for (ggml_backend_buffer_t b : m.extra_bufs) ggml_backend_buffer_free(b);
    m.extra_bufs.clear();
    ggml_free(m.extra_ctx);
    m.extra_ctx = nullptr;
    return LJ_OK;
}

lj_status check_example(const lj_trainer & tr, const lj_train_example & e, int32_t i) {
    const auto & hp = tr.model->hp;
    if (!e.prompt || !e.ref || !e.dec) return lj_fail(LJ_ERR_ARG, "row %d: null token array", i);
    if (e.n_prompt < 1 || e.n_ref < 2 || e.n_dec < 2) return lj_fail(LJ_ERR_ARG, "row %d: empty prompt, ref or dec", i);
    if (e.ref_targets < 1 || e.ref_targets >= e.n_ref) return lj_fail(LJ_ERR_ARG, "row %d: ref_targets %d outside [1, %d)", i, e.ref_targets, e.n_ref);
    if (e.colon_ref < 0 || e.colon_ref >= e.n_ref) return lj_fail(LJ_ERR_ARG, "row %d: colon_ref %d outside the ref", i, e.colon_ref);
    if (e.colon_dec < 0 || e.colon_dec >= e.n_dec) return lj_fail(LJ_ERR_ARG, "row %d: colon_dec %d outside the dec", i, e.colon_dec);
    const int64_t student = (int64_t) e.n_prompt + tr.tp.n_latent + e.n_dec;
    if (std::max<int64_t>(student, e.n_ref) > hp.n_ctx_train)
        return lj_fail(LJ_ERR_CONTEXT_FULL, "row %d: %lld positions exceed the model's %d", i, (long long) std::max<int64_t>(student, e.n_ref), hp.n_ctx_train);
    for (auto [ids, n] : {std::pair{e.prompt, e.n_prompt}, std::pair{e.ref, e.n_ref}, std::pair{e.dec, e.n_dec}}) {
        for (int32_t j = 0; j < n; j++) {
            if (ids[j] < 0 || ids[j] >= hp.n_vocab) return lj_fail(LJ_ERR_ARG, "row %d: token %d outside the vocabulary", i, ids[j]);
        }
    }
    return LJ_OK;
}

lj_status alloc_state(ggml_context * ctx, ggml_backend_dev_t dev, ggml_backend_buffer_t * buf, const char * what) {
    if (!ggml_get_first_tensor(ctx)) return LJ_OK;
    *buf = ggml_backend_alloc_ctx_tensors_from_buft(ctx, ggml_backend_dev_buffer_type(dev));
    if (!*buf) return lj_fail(LJ_ERR_NOMEM, "could not allocate the %s", what);
    ggml_backend_buffer_clear(*buf, 0);
    return LJ_OK;
}

} // namespace

void lj_train_inputs::set() const {
    for (const auto & [t, v] : i32) ggml_backend_tensor_set(t, v.data(), 0, v.size() * sizeof(int32_t));
    for (const auto & [t, v] : i64) ggml_backend_tensor_set(t, v.data(), 0, v.size() * sizeof(int64_t));
    for (const auto & [t, v] : f32) ggml_backend_tensor_set(t, v.data(), 0, v.size() * sizeof(float));
    for (ggml_tensor * t : zeros) ggml_backend_tensor_memset(t, 0, 0, ggml_nbytes(t));
}

lj_trainer::~lj_trainer() {
    if (sched) ggml_backend_sched_free(sched);
    for (ggml_backend_buffer_t b : {buf_adapters, buf_grads, buf_moments}) {
        if (b) ggml_backend_buffer_free(b);
    }
    for (ggml_context * c : {ctx_adapters, ctx_grads, ctx_moments}) {
        if (c) ggml_free(c);
    }
    if (backend_cpu && backend_cpu != backend) ggml_backend_free(backend_cpu);
    if (backend) ggml_backend_free(backend);
    delete model; // before host_weights, which it may point into
}

ggml_tensor * lj_trainer::find(const char * name) const {
    for (ggml_tensor * t : tensors) {
        if (strcmp(ggml_get_name(t), name) == 0) return t;
    }
    return nullptr;
}

extern "C" lj_train_params lj_train_default_params(void) {
    lj_train_params p{};
    p.n_latent = 6;
    p.kd_factor = 20.0f;
    p.lora_r = 0;
    p.lora_alpha = 16.0f;
    p.seed = 42;
    p.prj_dim = 0;
    return p;
}

// A new projection's tensors with torch's defaults: nn.Linear U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight
// and bias, LayerNorm (1, 0).
static void add_projection(const lj_model_params & hp, int64_t prj_dim, uint64_t seed,
                           std::vector<lj_tensor_desc> & descs, std::vector<std::vector<float>> & values) {
    std::mt19937_64 rng(seed ^ UINT64_C(0x9e3779b97f4a7c15));
    auto add = [&](const char * name, int64_t ne0, int64_t ne1, float bound, float fill) {
        lj_tensor_desc d{};
        snprintf(d.name, sizeof(d.name), "%s", name);
        d.type = GGML_TYPE_F32;
        d.n_dims = ne1 > 1 ? 2 : 1;
        d.ne[0] = ne0; d.ne[1] = ne1; d.ne[2] = d.ne[3] = 1;
        std::vector<float> v(ne0 * ne1, fill);
        std::uniform_real_distribution<float> u(-bound, bound);
        if (bound > 0) for (float & x : v) x = u(rng);
        descs.push_back(d);
        values.push_back(std::move(v));
    };
    const int64_t D = hp.n_embd;
    add("codi.prj.fc1.weight", D, prj_dim, 1.0f / sqrtf((float) D), 0.0f);
    add("codi.prj.fc1.bias", prj_dim, 1, 1.0f / sqrtf((float) D), 0.0f);
    add("codi.prj.fc2.weight", prj_dim, D, 1.0f / sqrtf((float) prj_dim), 0.0f);
    add("codi.prj.fc2.bias", D, 1, 1.0f / sqrtf((float) prj_dim), 0.0f);
    add("codi.prj.ln.weight", D, 1, 0.0f, 1.0f);
    add("codi.prj.ln.bias", D, 1, 0.0f, 0.0f);
}

// Loads F32 copies of the weights as an lj_model: its loader validates names and shapes, and on the
// CPU it uses the copy in place, so the optimiser writes straight into it.
static lj_status load_f32_model(lj_trainer & tr, const lj_model_params & params, const lj_tensor_desc * descs, int32_t n,
                                const void * data, uint64_t data_size, std::unique_ptr<void, lj_free_deleter> & host) {
    std::vector<lj_tensor_desc> f32(descs, descs + n);
    bool has_prj = false;
    for (int32_t i = 0; i < n; i++) {
        const lj_tensor_desc & d = f32[i];
        if (memchr(d.name, 0, LJ_MAX_NAME) == nullptr) return lj_fail(LJ_ERR_ARG, "tensor #%d: name is not NUL-terminated", i);
        if (!converts_to_f32(d.type))
            return lj_fail(LJ_ERR_ARG, "tensor '%s' is %s: training takes weights ggml converts to F32", d.name,
                           d.type >= 0 && d.type < GGML_TYPE_COUNT ? ggml_type_name((ggml_type) d.type) : "of an unknown type");
        const ggml_type type = (ggml_type) d.type;
        int64_t ne = 1;
        for (int k = 0; k < 4; k++) {
            if (d.ne[k] < 1 || __builtin_mul_overflow(ne, d.ne[k], &ne) || ne > (INT64_C(1) << 40))
                return lj_fail(LJ_ERR_ARG, "tensor '%s': bad shape", d.name);
        }
        if (d.ne[0] % ggml_blck_size(type) != 0)
            return lj_fail(LJ_ERR_ARG, "tensor '%s': %lld columns are not whole %s blocks", d.name, (long long) d.ne[0], ggml_type_name(type));
        const uint64_t bytes = (uint64_t) ggml_row_size(type, d.ne[0]) * (uint64_t) (ne / d.ne[0]);
        if (d.size != bytes || d.offset > data_size || d.size > data_size - d.offset)
            return lj_fail(LJ_ERR_ARG, "tensor '%s': size or offset does not match the data", d.name);
        has_prj = has_prj || strcmp(d.name, "codi.prj.fc1.weight") == 0;
    }
    std::vector<std::vector<float>> created;
    if (!has_prj) {
        if (params.n_embd <= 0 || tr.tp.prj_dim < 0 || tr.tp.prj_dim > (1 << 20)) return lj_fail(LJ_ERR_ARG, "bad n_embd or prj_dim");
        add_projection(params, tr.tp.prj_dim > 0 ? tr.tp.prj_dim : params.n_embd, tr.tp.seed, f32, created);
    }
    uint64_t total = 0;
    for (lj_tensor_desc & d : f32) {
        int64_t ne = 1;
        for (int k = 0; k < 4; k++) ne *= d.ne[k];
        d.type = GGML_TYPE_F32;
        d.offset = total;
        d.size = (uint64_t) ne * sizeof(float);
        total += (d.size + 63) & ~UINT64_C(63);
    }
    host.reset(aligned_alloc(64, std::max<uint64_t>(total, 64)));
    if (!host) return lj_fail(LJ_ERR_NOMEM, "could not allocate %llu bytes for the weights", (unsigned long long) total);
    for (size_t i = 0; i < f32.size(); i++) {
        float * dst = (float *) ((char *) host.get() + f32[i].offset);
        const int64_t ne = (int64_t) (f32[i].size / sizeof(float));
        if (i >= (size_t) n) {
            memcpy(dst, created[i - n].data(), f32[i].size);
            continue;
        }
        const char * src = (const char *) data + descs[i].offset;
        if (descs[i].type == GGML_TYPE_F32) memcpy(dst, src, f32[i].size);
        else ggml_get_type_traits((ggml_type) descs[i].type)->to_float(src, dst, ne);
    }
    if (lj_status s = lj_model_load(&params, f32.data(), (int32_t) f32.size(), host.get(), total, &tr.model); s != LJ_OK) return s;
    return use_plain_weights(*tr.model);
}

// LoRA adapters, gradient accumulators and moments; marks the trainable tensors.
static lj_status init_state(lj_trainer & tr) {
    lj_model & m = *tr.model;
    std::vector<ggml_tensor *> adapted = tr.tp.lora_r > 0 ? adapted_weights(m) : std::vector<ggml_tensor *>{};
    ggml_context * weights = m.parts.back().ctx; // the only part: training runs on one device
    for (ggml_tensor * t = ggml_get_first_tensor(weights); t; t = ggml_get_next_tensor(weights, t)) tr.tensors.push_back(t);

    const size_t n_meta = (adapted.size() * 2 + tr.tensors.size()) * 3 + 8;
    ggml_init_params ip{ggml_tensor_overhead() * n_meta, nullptr, true};
    ggml_context * ctx_adapters = tr.ctx_adapters = ggml_init(ip);
    ggml_context * ctx_grads = tr.ctx_grads = ggml_init(ip);
    ggml_context * ctx_moments = tr.ctx_moments = ggml_init(ip);
    if (!ctx_adapters || !ctx_grads || !ctx_moments) return lj_fail(LJ_ERR_NOMEM, "ggml_init failed");

    const int64_t r = tr.tp.lora_r;
    for (ggml_tensor * w : adapted) {
        lj_lora & lo = tr.lora[w];
        lo.a = ggml_new_tensor_2d(ctx_adapters, GGML_TYPE_F32, w->ne[0], r);
        lo.b = ggml_new_tensor_2d(ctx_adapters, GGML_TYPE_F32, r, w->ne[1]);
        ggml_format_name(lo.a, "%s.lora_a", ggml_get_name(w));
        ggml_format_name(lo.b, "%s.lora_b", ggml_get_name(w));
        tr.tensors.push_back(lo.a);
        tr.tensors.push_back(lo.b);
        tr.params.push_back(lo.a);
        tr.params.push_back(lo.b);
    }
    if (r > 0) {
        const lj_prj & p = m.prj;
        for (ggml_tensor * t : {p.fc1, p.fc1_b, p.fc2, p.fc2_b, p.ln, p.ln_b}) {
            if (t) tr.params.push_back(t);
        }
    } else {
        // rope_freqs are constants of the RoPE scaling, not weights
        for (ggml_tensor * t : tr.tensors) {
            if (strcmp(ggml_get_name(t), "rope_freqs.weight") != 0) tr.params.push_back(t);
        }
    }
    for (ggml_tensor * t : tr.params) {
        ggml_set_param(t);
        lj_train_slot_set & s = tr.slots[t];
        s.grad = ggml_dup_tensor(ctx_grads, t);
        s.m = ggml_dup_tensor(ctx_moments, t);
        s.v = ggml_dup_tensor(ctx_moments, t);
    }
    if (lj_status st = alloc_state(ctx_adapters, m.dev, &tr.buf_adapters, "LoRA adapters"); st != LJ_OK) return st;
    if (lj_status st = alloc_state(ctx_grads, m.dev, &tr.buf_grads, "gradients"); st != LJ_OK) return st;
    if (lj_status st = alloc_state(ctx_moments, m.dev, &tr.buf_moments, "AdamW moments"); st != LJ_OK) return st;

    // LoRA A ~ U(-1/sqrt(n_in), 1/sqrt(n_in)), peft's kaiming_uniform_(a = sqrt(5)); B = 0
    std::mt19937_64 rng(tr.tp.seed);
    for (ggml_tensor * w : adapted) {
        ggml_tensor * a = tr.lora[w].a;
        std::uniform_real_distribution<float> u(-1.0f / sqrtf((float) w->ne[0]), 1.0f / sqrtf((float) w->ne[0]));
        std::vector<float> v(ggml_nelements(a));
        for (float & x : v) x = u(rng);
        ggml_backend_tensor_set(a, v.data(), 0, ggml_nbytes(a));
    }
    return LJ_OK;
}

extern "C" lj_status lj_train_new(const lj_model_params * params, const lj_tensor_desc * descs, int32_t n_tensors,
                                  const void * data, uint64_t data_size, const lj_train_params * train_params, lj_trainer ** out) {
    return lj_guard([&]() -> lj_status {
        if (!params || !train_params || !out || !descs || !data) return lj_fail(LJ_ERR_ARG, "null argument");
        *out = nullptr;
        lj_init_once();
        const lj_train_params & tp = *train_params;
        if (tp.n_latent < 0 || tp.n_latent > 64) return lj_fail(LJ_ERR_ARG, "n_latent %d out of range [0, 64]", tp.n_latent);
        if (!std::isfinite(tp.kd_factor) || tp.kd_factor < 0) return lj_fail(LJ_ERR_ARG, "kd_factor %g must be finite and >= 0", tp.kd_factor);
        if (tp.lora_r < 0 || tp.lora_r > 4096) return lj_fail(LJ_ERR_ARG, "lora_r %d out of range [0, 4096]", tp.lora_r);
        if (tp.lora_r > 0 && !(std::isfinite(tp.lora_alpha) && tp.lora_alpha > 0)) return lj_fail(LJ_ERR_ARG, "lora_alpha %g must be positive", tp.lora_alpha);
        if (n_tensors <= 0 || n_tensors > 1000000) return lj_fail(LJ_ERR_ARG, "bad tensor count %d", n_tensors);
        if (params->rpc_servers && *params->rpc_servers) return lj_fail(LJ_ERR_ARG, "training runs on one device: no RPC servers");

        auto tr = std::make_unique<lj_trainer>();
        tr->tp = tp;
        tr->lora_scale = tp.lora_r > 0 ? tp.lora_alpha / (float) tp.lora_r : 0.0f;
        std::unique_ptr<void, lj_free_deleter> host;
        if (lj_status s = load_f32_model(*tr, *params, descs, n_tensors, data, data_size, host); s != LJ_OK) return s;
        if (ggml_backend_dev_type(tr->model->dev) == GGML_BACKEND_DEVICE_TYPE_CPU) tr->host_weights = std::move(host);

        tr->backend = ggml_backend_dev_init(tr->model->dev, nullptr);
        if (!tr->backend) return lj_fail(LJ_ERR_BACKEND, "could not start backend %s", tr->model->dev_name.c_str());
        tr->backend_cpu = ggml_backend_is_cpu(tr->backend) ? tr->backend : ggml_backend_init_by_type(GGML_BACKEND_DEVICE_TYPE_CPU, nullptr);
        if (!tr->backend_cpu) return lj_fail(LJ_ERR_BACKEND, "could not start the CPU backend");
        const int cores = (int) std::thread::hardware_concurrency();
        ggml_backend_cpu_set_n_threads(tr->backend_cpu, params->n_threads > 0 ? params->n_threads : std::max(1, cores - 1));
        if (lj_status s = init_state(*tr); s != LJ_OK) return s;

        ggml_backend_t backends[2] = {tr->backend, tr->backend_cpu};
        const int64_t size = graph_size(*tr);
        tr->sched = ggml_backend_sched_new(backends, nullptr, tr->backend_cpu == tr->backend ? 1 : 2, size, false, true);
        if (!tr->sched) return lj_fail(LJ_ERR_BACKEND, "could not create the scheduler");
        tr->graph_meta.resize(ggml_tensor_overhead() * size + ggml_graph_overhead_custom(size, true));
        *out = tr.release();
        return LJ_OK;
    });
}

extern "C" void lj_train_free(lj_trainer * trainer) { delete trainer; }

extern "C" const char * lj_train_backend(const lj_trainer * trainer) { return trainer ? trainer->model->dev_name.c_str() : ""; }

// Builds one graph (with its backward pass when `weight` is given), computes it, and hands the pass
// to `read` while its outputs are valid.
template <typename Build, typename Read>
static lj_status run_graph(lj_trainer & tr, const float * weight, Build && build, Read && read) {
    ggml_init_params ip{tr.graph_meta.size(), tr.graph_meta.data(), true};
    ggml_context * ctx = ggml_init(ip);
    if (!ctx) return lj_fail(LJ_ERR_NOMEM, "ggml_init failed");
    ggml_cgraph * gf = ggml_new_graph_custom(ctx, graph_size(tr), weight != nullptr);
    lj_train_inputs in;
    const lj_train_pass pass = build(ctx, gf, in); // owns ctx from here
    for (ggml_tensor * t : pass.teacher_hs) {
        ggml_set_output(t);
        ggml_build_forward_expand(gf, t);
    }
    for (ggml_tensor * t : {pass.ce, pass.kd, pass.loss}) {
        if (!t) continue;
        ggml_set_output(t);
        ggml_build_forward_expand(gf, t);
    }
    if (weight) {
        ggml_set_loss(pass.loss);
        // the loss's own gradient is the seed: d(weight * loss) / d(loss)
        ggml_tensor * seed = ggml_new_tensor_1d(ctx, GGML_TYPE_F32, 1);
        ggml_set_input(seed);
        in.f32.emplace_back(seed, std::vector<float>{*weight});
        std::vector<ggml_tensor *> accs(ggml_graph_n_nodes(gf), nullptr);
        for (int i = 0; i < ggml_graph_n_nodes(gf); i++) {
            ggml_tensor * node = ggml_graph_node(gf, i);
            if (node == pass.loss) accs[i] = seed;
            else if (auto it = tr.slots.find(node); it != tr.slots.end()) accs[i] = it->second.grad;
        }
        ggml_build_backward_expand(ctx, gf, accs.data());
    }
    ggml_backend_sched_reset(tr.sched);
    if (!ggml_backend_sched_alloc_graph(tr.sched, gf)) return lj_fail(LJ_ERR_NOMEM, "could not allocate the training graph");
    in.set();
    if (ggml_backend_sched_graph_compute(tr.sched, gf) != GGML_STATUS_SUCCESS) return lj_fail(LJ_ERR_BACKEND, "the training graph failed");
    read(pass);
    ggml_backend_sched_reset(tr.sched);
    return LJ_OK;
}

static float scalar(ggml_tensor * t) {
    float v = 0.0f;
    ggml_backend_tensor_get(t, &v, 0, sizeof(v));
    return v;
}

extern "C" lj_status lj_train_batch(lj_trainer * trainer, const lj_train_example * rows, int32_t n_rows, float weight,
                                    int32_t backward, lj_train_losses * out) {
    return lj_guard([&]() -> lj_status {
        if (!trainer || !rows || !out) return lj_fail(LJ_ERR_ARG, "null argument");
        if (n_rows < 1 || n_rows > 65536) return lj_fail(LJ_ERR_ARG, "n_rows %d out of range", n_rows);
        if (!std::isfinite(weight)) return lj_fail(LJ_ERR_ARG, "weight %g is not finite", weight);
        for (int32_t i = 0; i < n_rows; i++) {
            if (lj_status s = check_example(*trainer, rows[i], i); s != LJ_OK) return s;
        }
        lj_trainer & tr = *trainer;
        const int64_t D = tr.model->hp.n_embd;
        const float * w = backward ? &weight : nullptr;

        // teacher: ce_teacher, and its vectors at ':', detached by going through the host
        std::vector<float> teacher;
        float ce_t = 0.0f;
        lj_status s = run_graph(tr, w,
            [&](ggml_context * ctx, ggml_cgraph * gf, lj_train_inputs & in) { return lj_train_build_teacher(tr, ctx, gf, rows, n_rows, in); },
            [&](const lj_train_pass & p) {
                ce_t = scalar(p.ce);
                teacher.resize(p.teacher_hs.size() * n_rows * D);
                for (size_t l = 0; l < p.teacher_hs.size(); l++)
                    ggml_backend_tensor_get(p.teacher_hs[l], teacher.data() + l * n_rows * D, 0, n_rows * D * sizeof(float));
            });
        if (s != LJ_OK) return s;

        // each layer's weight in kd: 1 / ((L+1) std(teacher_l) n_rows n_embd), std unbiased as torch's
        const size_t n_hs = teacher.size() / (n_rows * D), n = (size_t) n_rows * D;
        std::vector<float> kd_weight(n_hs);
        for (size_t l = 0; l < n_hs; l++) {
            const float * t = teacher.data() + l * n;
            double mean = 0, var = 0;
            for (size_t i = 0; i < n; i++) mean += t[i];
            mean /= (double) n;
            for (size_t i = 0; i < n; i++) var += (t[i] - mean) * (t[i] - mean);
            const double sd = sqrt(var / (double) (n - 1));
            if (!(sd > 0) || !std::isfinite(sd)) return lj_fail(LJ_ERR_BACKEND, "teacher hidden state %zu has std %g", l, sd);
            kd_weight[l] = (float) (1.0 / ((double) n_hs * sd * (double) n));
        }

        float ce_s = 0.0f, kd = 0.0f;
        s = run_graph(tr, w,
            [&](ggml_context * ctx, ggml_cgraph * gf, lj_train_inputs & in) {
                return lj_train_build_student(tr, ctx, gf, rows, n_rows, teacher, kd_weight, in);
            },
            [&](const lj_train_pass & p) {
                ce_s = scalar(p.ce);
                kd = scalar(p.kd);
            });
        if (s != LJ_OK) return s;
        *out = {ce_s + tr.tp.kd_factor * kd + ce_t, ce_s, ce_t, kd};
        return LJ_OK;
    });
}

extern "C" lj_status lj_train_grad_norm(lj_trainer * trainer, double * out) {
    return lj_guard([&]() -> lj_status {
        if (!trainer || !out) return lj_fail(LJ_ERR_ARG, "null argument");
        lj_trainer & tr = *trainer;
        ggml_init_params ip{tr.graph_meta.size(), tr.graph_meta.data(), true};
        std::unique_ptr<ggml_context, decltype(&ggml_free)> ctx(ggml_init(ip), ggml_free);
        ggml_cgraph * gf = ggml_new_graph_custom(ctx.get(), graph_size(tr), false);
        ggml_tensor * sum = nullptr;
        for (ggml_tensor * p : tr.params) {
            ggml_tensor * sq = ggml_sum(ctx.get(), ggml_sqr(ctx.get(), tr.slots.at(p).grad));
            sum = sum ? ggml_add(ctx.get(), sum, sq) : sq;
        }
        ggml_set_output(sum);
        ggml_build_forward_expand(gf, sum);
        ggml_backend_sched_reset(tr.sched);
        if (!ggml_backend_sched_alloc_graph(tr.sched, gf)) return lj_fail(LJ_ERR_NOMEM, "could not allocate the norm graph");
        if (ggml_backend_sched_graph_compute(tr.sched, gf) != GGML_STATUS_SUCCESS) return lj_fail(LJ_ERR_BACKEND, "the norm graph failed");
        *out = sqrt((double) scalar(sum));
        ggml_backend_sched_reset(tr.sched);
        return LJ_OK;
    });
}

extern "C" lj_status lj_train_step(lj_trainer * trainer, const lj_adamw * adamw, float grad_scale) {
    return lj_guard([&]() -> lj_status {
        if (!trainer || !adamw) return lj_fail(LJ_ERR_ARG, "null argument");
        const lj_adamw & a = *adamw;
        if (!(a.lr >= 0) || !std::isfinite(a.lr)) return lj_fail(LJ_ERR_ARG, "learning rate %g must be >= 0", a.lr);
        if (!(a.beta1 >= 0 && a.beta1 < 1) || !(a.beta2 >= 0 && a.beta2 < 1)) return lj_fail(LJ_ERR_ARG, "betas must be in [0, 1)");
        if (!(a.eps >= 0) || !(a.weight_decay >= 0 && a.weight_decay * a.lr <= 1)) return lj_fail(LJ_ERR_ARG, "eps or weight decay out of range");
        if (!std::isfinite(grad_scale)) return lj_fail(LJ_ERR_ARG, "grad_scale %g is not finite", grad_scale);
        lj_trainer & tr = *trainer;
        const int64_t t = tr.n_steps + 1;
        ggml_init_params ip{tr.graph_meta.size(), tr.graph_meta.data(), true};
        std::unique_ptr<ggml_context, decltype(&ggml_free)> ctx(ggml_init(ip), ggml_free);
        ggml_cgraph * gf = ggml_new_graph_custom(ctx.get(), graph_size(tr), false);
        // alpha, beta1, beta2, eps, wd, and the bias corrections 1 / (1 - beta^t)
        ggml_tensor * hyper = ggml_new_tensor_1d(ctx.get(), GGML_TYPE_F32, 7);
        ggml_set_input(hyper);
        const float hv[7] = {a.lr, a.beta1, a.beta2, a.eps, a.weight_decay,
                             (float) (1.0 / (1.0 - pow(a.beta1, (double) t))), (float) (1.0 / (1.0 - pow(a.beta2, (double) t)))};
        for (ggml_tensor * p : tr.params) {
            const lj_train_slot_set & s = tr.slots.at(p);
            ggml_tensor * g = grad_scale == 1.0f ? s.grad : ggml_scale(ctx.get(), s.grad, grad_scale);
            ggml_build_forward_expand(gf, ggml_opt_step_adamw(ctx.get(), p, g, s.m, s.v, hyper));
        }
        ggml_backend_sched_reset(tr.sched);
        if (!ggml_backend_sched_alloc_graph(tr.sched, gf)) return lj_fail(LJ_ERR_NOMEM, "could not allocate the optimiser graph");
        ggml_backend_tensor_set(hyper, hv, 0, sizeof(hv));
        if (ggml_backend_sched_graph_compute(tr.sched, gf) != GGML_STATUS_SUCCESS) return lj_fail(LJ_ERR_BACKEND, "the optimiser step failed");
        ggml_backend_sched_reset(tr.sched);
        if (tr.buf_grads) ggml_backend_buffer_clear(tr.buf_grads, 0);
        tr.n_steps = t;
        return LJ_OK;
    });
}

extern "C" lj_status lj_train_zero_grad(lj_trainer * trainer) {
    if (!trainer) return lj_fail(LJ_ERR_ARG, "null argument");
    if (trainer->buf_grads) ggml_backend_buffer_clear(trainer->buf_grads, 0);
    return LJ_OK;
}

extern "C" int64_t lj_train_steps(const lj_trainer * trainer) { return trainer ? trainer->n_steps : 0; }

extern "C" void lj_train_set_steps(lj_trainer * trainer, int64_t steps) {
    if (trainer && steps >= 0) trainer->n_steps = steps;
}

extern "C" int32_t lj_train_n_tensors(const lj_trainer * trainer) { return trainer ? (int32_t) trainer->tensors.size() : 0; }

extern "C" lj_status lj_train_tensor_info(const lj_trainer * trainer, int32_t i, lj_train_tensor * out) {
    if (!trainer || !out) return lj_fail(LJ_ERR_ARG, "null argument");
    if (i < 0 || i >= (int32_t) trainer->tensors.size()) return lj_fail(LJ_ERR_ARG, "tensor index %d out of range", i);
    const ggml_tensor * t = trainer->tensors[i];
    *out = {};
    snprintf(out->name, sizeof(out->name), "%s", t->name);
    out->n_dims = ggml_n_dims(t);
    for (int k = 0; k < 4; k++) out->ne[k] = t->ne[k];
    out->trainable = trainer->slots.count(t) ? 1 : 0;
    return LJ_OK;
}

// W + scale * B A, in ggml order: W[o][i] += scale * sum_k B[o][k] A[k][i]
static void merge_lora(const lj_trainer & tr, const ggml_tensor * w, float * out) {
    const lj_lora & lo = tr.lora.at(w);
    const int64_t n_in = w->ne[0], n_out = w->ne[1], r = lo.a->ne[1];
    std::vector<float> a(ggml_nelements(lo.a)), b(ggml_nelements(lo.b));
    ggml_backend_tensor_get(lo.a, a.data(), 0, ggml_nbytes(lo.a));
    ggml_backend_tensor_get(lo.b, b.data(), 0, ggml_nbytes(lo.b));
    for (int64_t o = 0; o < n_out; o++) {
        float * row = out + o * n_in;
        for (int64_t k = 0; k < r; k++) {
            const float s = tr.lora_scale * b[o * r + k];
            const float * ak = a.data() + k * n_in;
            for (int64_t i = 0; i < n_in; i++) row[i] += s * ak[i];
        }
    }
}

static lj_status find_slot(lj_trainer & tr, const char * name, int32_t slot, int64_t n, ggml_tensor ** t, ggml_tensor ** target) {
    if (!name) return lj_fail(LJ_ERR_ARG, "null name");
    *t = tr.find(name);
    if (!*t) return lj_fail(LJ_ERR_ARG, "no tensor '%s' in the trainer", name);
    if (n != ggml_nelements(*t)) return lj_fail(LJ_ERR_ARG, "tensor '%s' has %lld elements, not %lld", name, (long long) ggml_nelements(*t), (long long) n);
    switch (slot) {
        case LJ_TRAIN_VALUE: case LJ_TRAIN_MERGED: *target = *t; return LJ_OK;
        case LJ_TRAIN_GRAD: case LJ_TRAIN_ADAM_M: case LJ_TRAIN_ADAM_V: {
            auto it = tr.slots.find(*t);
            if (it == tr.slots.end()) return lj_fail(LJ_ERR_ARG, "tensor '%s' is not trained", name);
            *target = slot == LJ_TRAIN_GRAD ? it->second.grad : slot == LJ_TRAIN_ADAM_M ? it->second.m : it->second.v;
            return LJ_OK;
        }
        default: return lj_fail(LJ_ERR_ARG, "unknown slot %d", slot);
    }
}

extern "C" lj_status lj_train_get(lj_trainer * trainer, const char * name, int32_t slot, float * out, int64_t n) {
    return lj_guard([&]() -> lj_status {
        if (!trainer || !out) return lj_fail(LJ_ERR_ARG, "null argument");
        ggml_tensor * t, * target;
        if (lj_status s = find_slot(*trainer, name, slot, n, &t, &target); s != LJ_OK) return s;
        ggml_backend_tensor_get(target, out, 0, ggml_nbytes(target));
        if (slot == LJ_TRAIN_MERGED && trainer->lora.count(t)) merge_lora(*trainer, t, out);
        return LJ_OK;
    });
}

extern "C" lj_status lj_train_set(lj_trainer * trainer, const char * name, int32_t slot, const float * in, int64_t n) {
    return lj_guard([&]() -> lj_status {
        if (!trainer || !in) return lj_fail(LJ_ERR_ARG, "null argument");
        if (slot == LJ_TRAIN_MERGED) return lj_fail(LJ_ERR_ARG, "merged weights are read only");
        ggml_tensor * t, * target;
        if (lj_status s = find_slot(*trainer, name, slot, n, &t, &target); s != LJ_OK) return s;
        ggml_backend_tensor_set(target, in, 0, ggml_nbytes(target));
        return LJ_OK;
    });
}
