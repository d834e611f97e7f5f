// Process-wide setup before the first model: ggml's log, exact F32 on CUDA, and which backends load.
#include "lj-init.h"
#include "lj-error.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>

namespace fs = std::filesystem;

namespace {

std::mutex g_mutex;
bool g_loaded = false;
std::string g_variant;  // the CPU variant asked for when the backends were loaded ("" = the best)
lj_status g_status = LJ_OK;
std::string g_error;    // why loading failed, repeated to every later caller
std::string g_features;

void log_warnings_only(enum ggml_log_level level, const char * text, void *) {
    // ggml reports every CUDA graph capture at debug/info level: keep the console for what matters
    if (level != GGML_LOG_LEVEL_WARN && level != GGML_LOG_LEVEL_ERROR) return;
    // ggml's RPC transport logs each failed socket call, and its allocator each buffer it could not get: the call
    // that failed says so in its own error (the lost server, the device out of memory)
    if (std::strncmp(text, "recv failed", 11) == 0 || std::strncmp(text, "send failed", 11) == 0 ||
        std::strncmp(text, "alloc_tensor_range: failed to allocate", 38) == 0) return;
    fputs(text, stderr);
}

void set_process_settings() {
    ggml_log_set(log_warnings_only, nullptr);
    // ggml-cuda turns on TF32 tensor-op math for cuBLAS, which costs F32 GEMMs ~1e-3 relative
    // error against transformers; cuBLAS honours this variable over the handle's math mode.
    // A caller who prefers TF32's speed sets NVIDIA_TF32_OVERRIDE=1 (it is not overwritten).
    setenv("NVIDIA_TF32_OVERRIDE", "0", 0);
}

#ifdef GGML_BACKEND_DL
// The modules ship next to liblatentj (the jar extracts them together), so that is where they are looked for.
fs::path own_directory() {
    Dl_info info{};
    if (!dladdr((const void *) &lj_init, &info) || !info.dli_fname) return fs::current_path();
    return fs::path(info.dli_fname).parent_path();
}

std::string cpu_variants_in(const fs::path & dir) {
    std::string names;
    for (const auto & e : fs::directory_iterator(dir)) {
        const std::string f = e.path().filename().string();
        if (f.rfind("libggml-cpu-", 0) == 0 && e.path().extension() == ".so") {
            names += (names.empty() ? "" : ", ") + f.substr(12, f.size() - 12 - 3);
        }
    }
    return names.empty() ? "none" : names;
}

lj_status load_backends(const std::string & variant) {
    const fs::path dir = own_directory();
    if (variant.empty()) {
        // ggml scores every libggml-cpu-*.so against this CPU and loads the best, and any GPU module there
        ggml_backend_load_all_from_path(dir.c_str());
    } else {
        // the GPU modules as ggml would load them, then exactly the CPU module asked for
        for (const auto & e : fs::directory_iterator(dir)) {
            const std::string f = e.path().filename().string();
            if (f.rfind("libggml-", 0) == 0 && e.path().extension() == ".so" && f != "libggml-base.so" &&
                f.rfind("libggml-cpu", 0) != 0) {
                ggml_backend_load(e.path().c_str());
            }
        }
        const fs::path cpu = dir / ("libggml-cpu-" + variant + ".so");
        if (!fs::exists(cpu))
            return lj_fail(LJ_ERR_ARG, "no CPU variant '%s' in %s (there: %s)", variant.c_str(), dir.c_str(),
                           cpu_variants_in(dir).c_str());
        if (!ggml_backend_load(cpu.c_str()))
            return lj_fail(LJ_ERR_BACKEND, "CPU variant '%s' does not run on this CPU", variant.c_str());
    }
    if (!ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU))
        return lj_fail(LJ_ERR_BACKEND, "no CPU backend module loads from %s (there: %s)", dir.c_str(),
                       cpu_variants_in(dir).c_str());
    return LJ_OK;
}
#else
lj_status load_backends(const std::string & variant) {
    // ggml is linked in with its backends registered statically
    if (!variant.empty())
        return lj_fail(LJ_ERR_ARG, "CPU variant '%s' asked for, but this liblatentj was built for its own machine "
                       "(LATENTJ_NATIVE) and has one CPU backend", variant.c_str());
    return LJ_OK;
}
#endif

std::string describe_cpu_features() {
    ggml_backend_dev_t dev = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    if (!dev) return "";
    ggml_backend_reg_t reg = ggml_backend_dev_backend_reg(dev);
    auto get = (ggml_backend_get_features_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_get_features");
    std::string out;
    for (const ggml_backend_feature * f = get ? get(reg) : nullptr; f && f->name; f++) {
        if (!out.empty()) out += ' ';
        out += f->name;
        if (std::string(f->value) != "1") out += std::string("=") + f->value;
    }
    return out;
}

} // namespace

extern "C" lj_status lj_init(const char * cpu_variant) {
    return lj_guard([&]() -> lj_status {
        const char * env = std::getenv("LATENTJ_CPU_VARIANT");
        const std::string variant = cpu_variant && *cpu_variant ? cpu_variant : env ? env : "";
        std::lock_guard<std::mutex> lock(g_mutex);
        if (!g_loaded) {
            set_process_settings();
            g_status = load_backends(variant);
            if (g_status != LJ_OK) g_error = lj_last_error();
            g_features = describe_cpu_features();
            g_variant = variant;
            g_loaded = true;
            return g_status;
        }
        if (g_status != LJ_OK) return lj_fail(g_status, "%s", g_error.c_str());
        if (variant != g_variant)
            return lj_fail(LJ_ERR_STATE, "the backends are already loaded (CPU variant %s); '%s' comes too late",
                           g_variant.empty() ? "chosen by ggml" : g_variant.c_str(), variant.c_str());
        return LJ_OK;
    });
}

extern "C" const char * lj_cpu_features(void) {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_features.c_str();
}

void lj_init_once() {
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        if (g_loaded) return;
    }
    lj_init(nullptr); // a failure shows as "no CPU device" when the model picks its device
}

#ifdef GGML_BACKEND_DL
// lj-session.cpp calls these two functions of ggml-cpu.h. In the portable layout the CPU backend is a module
// chosen at run time rather than linked, so they go through the backend registry (and stay unexported).
bool ggml_backend_is_cpu(ggml_backend_t backend) {
    return backend && ggml_backend_dev_type(ggml_backend_get_device(backend)) == GGML_BACKEND_DEVICE_TYPE_CPU;
}

void ggml_backend_cpu_set_n_threads(ggml_backend_t backend, int n_threads) {
    ggml_backend_reg_t reg = ggml_backend_dev_backend_reg(ggml_backend_get_device(backend));
    auto set = (ggml_backend_set_n_threads_t) ggml_backend_reg_get_proc_address(reg, "ggml_backend_set_n_threads");
    if (set) set(backend, n_threads);
}
#endif
