package dev.latentj.engine;

/** A sequence ran past its context, or the KV cache has no free cell. */
public final class ContextFullException extends LatentjException {
    /**
     * Creates the exception the engine's {@code LJ_ERR_CONTEXT_FULL} status maps to.
     *
     * @param message which sequence and position, or how many cells were free
     */
    public ContextFullException(String message) { super(message); }
}
