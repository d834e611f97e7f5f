package dev.latentj.engine;

/** A failure reported by the native engine, with its message. */
public class LatentjException extends RuntimeException {
    /**
     * Creates the exception with the engine's message.
     *
     * @param message what failed, as the engine or the check that found it words it
     */
    public LatentjException(String message) { super(message); }
}
