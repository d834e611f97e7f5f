package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;

/** Turns lj_status codes into exceptions carrying lj_last_error(). */
public final class NativeStatus {
    private NativeStatus() {}

    public static void check(int status) {
        if (status == latentj_h.LJ_OK()) return;
        String msg = latentj_h.lj_last_error().reinterpret(4096).getString(0);
        if (status == latentj_h.LJ_ERR_ARG()) throw new IllegalArgumentException(msg);
        if (status == latentj_h.LJ_ERR_CONTEXT_FULL()) throw new ContextFullException(msg);
        if (status == latentj_h.LJ_ERR_STATE()) throw new IllegalStateException(msg);
        if (status == latentj_h.LJ_ERR_NOMEM()) throw new LatentjException("out of memory: " + msg);
        if (status == latentj_h.LJ_ERR_LOST()) throw new RpcServerLostException(msg);
        throw new LatentjException(msg);
    }
}
