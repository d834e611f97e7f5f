// Process-wide settings, applied once before the first model: ggml's log, and exact F32 on CUDA.
#include "lj-init.h"
#include "ggml.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>

static void log_warnings_only(enum ggml_log_level level, const char * text, void *) {
    // ggml reports every CUDA graph capture at debug/info level: keep the console for what matters
    if (level == GGML_LOG_LEVEL_WARN || level == GGML_LOG_LEVEL_ERROR) fputs(text, stderr);
}

void lj_init_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        ggml_log_set(log_warnings_only, nullptr);
        // ggml-cuda turns on TF32 tensor-op math for cuBLAS, which costs F32 GEMMs ~1e-3 relative
        // error against transformers; cuBLAS honours this variable over the handle's math mode.
        // A caller who prefers TF32's speed sets NVIDIA_TF32_OVERRIDE=1 (it is not overwritten).
        setenv("NVIDIA_TF32_OVERRIDE", "0", 0);
    });
}
