package dev.latentj.engine;

/** A sequence ran past its context, or the KV cache has no free cell. */
public final class ContextFullException extends LatentjException {
    public ContextFullException(String message) { super(message); }
}
