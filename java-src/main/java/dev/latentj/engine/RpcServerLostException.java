package dev.latentj.engine;

/**
 * An RPC server of a split model ({@link Model.Options#rpc}) died, or did not answer within the time-out. The
 * model is retired: every later call on it or its sessions throws this again, closing it frees nothing (its memory
 * stays taken until the process ends), and its servers cannot be used again in this process. Load the model in
 * a new process once they are back (docs/rpc.md, "Failures").
 */
public final class RpcServerLostException extends LatentjException {
    /**
     * Creates the exception the engine's {@code LJ_ERR_LOST} status maps to.
     *
     * @param message which server, and how it was lost
     */
    public RpcServerLostException(String message) { super(message); }
}
