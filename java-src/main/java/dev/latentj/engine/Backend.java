package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;

/** Where a model's weights live and its graphs run (lj_backend in latentj.h). */
public enum Backend {
    /** CUDA when this build has it and a device is present, else CPU. */
    AUTO(latentj_h.LJ_BACKEND_AUTO()),
    /** The ggml CPU backend, whatever devices are present. */
    CPU(latentj_h.LJ_BACKEND_CPU()),
    /** A CUDA device; loading fails if this build has no CUDA or no device is found. */
    CUDA(latentj_h.LJ_BACKEND_CUDA());

    /** The lj_backend value passed to the engine ({@code lj_model_params.backend}). */
    public final int id;

    Backend(int id) { this.id = id; }

    /**
     * The instruction-set features of the CPU backend this process loaded, space-separated ("SSE3 SSSE3 AVX AVX2
     * F16C FMA ..."; none for plain x86-64). The jar carries one CPU module per level and loads the best this
     * machine runs, unless {@code -Dlatentj.cpu.variant} or the environment variable {@code LATENTJ_CPU_VARIANT}
     * names one ("x64", "haswell", "skylakex", "icelake").
     *
     * @return the features, as ggml names them
     */
    public static String cpuFeatures() {
        return latentj_h.lj_cpu_features().reinterpret(4096).getString(0);
    }
}
