package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;

/** Where a model's weights live and its graphs run (lj_backend in latentj.h). */
public enum Backend {
    /** CUDA when this build has it and a device is present, else CPU. */
    AUTO(latentj_h.LJ_BACKEND_AUTO()), CPU(latentj_h.LJ_BACKEND_CPU()), CUDA(latentj_h.LJ_BACKEND_CUDA());

    public final int id;

    Backend(int id) { this.id = id; }
}
