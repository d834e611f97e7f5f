package dev.latentj.engine;

/** A failure reported by the native engine, with its message. */
public class LatentjException extends RuntimeException {
    public LatentjException(String message) { super(message); }
}
