package dev.latentj.engine;

/** Where a model's weights live and its graphs run (lj_backend in latentj.h). */
public enum Backend {
    /** CUDA when this build has it and a device is present, else CPU. */
    AUTO(0), CPU(1), CUDA(2);

    public final int id;

    Backend(int id) { this.id = id; }
}
