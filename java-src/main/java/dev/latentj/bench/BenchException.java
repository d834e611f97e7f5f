package dev.latentj.bench;

/** A bench run that cannot go on: a missing runner, or a runner that failed or broke its contract. */
public final class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
