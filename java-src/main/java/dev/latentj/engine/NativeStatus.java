package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;

/** Turns lj_status codes into exceptions carrying lj_last_error(). */
public final class NativeStatus {
    private NativeStatus() {}

    /**
     * Returns normally on {@code LJ_OK}; otherwise throws the exception that matches the code, with the engine's
     * last error message (thread-local on the native side, so read on the thread that made the call).
     *
     * @param status an lj_status returned by a latentj.h function
     * @throws IllegalArgumentException {@code LJ_ERR_ARG}: the caller passed something the engine refuses
     * @throws ContextFullException     {@code LJ_ERR_CONTEXT_FULL}
     * @throws IllegalStateException    {@code LJ_ERR_STATE}: the call does not fit the session's state
     * @throws RpcServerLostException   {@code LJ_ERR_LOST}
     * @throws LatentjException         {@code LJ_ERR_NOMEM} ("out of memory: ...") or any other failure
     */
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
