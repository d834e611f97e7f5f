package dev.latentj.reason;

/**
 * Cancels a running generation from another thread: pass it in {@link CallOptions}, then call {@link #cancel()}.
 * The generation checks it before every decode step, so it ends within one step; every question of the call then
 * finishes with {@link FinishReason#CANCELLED} (unless it had finished already) and keeps the text it had.
 * Interrupting the generating thread has the same effect (and the interrupt flag stays set). A cancellation stays
 * cancelled: use a new one for the next call.
 */
public final class Cancellation {
    private volatile boolean cancelled;

    /** Creates a cancellation that is not cancelled yet. */
    public Cancellation() {}

    /** Asks the generation to stop; safe from any thread, and more than once. */
    public void cancel() {
        cancelled = true;
    }

    /** {@return whether {@link #cancel()} was called, on any thread} */
    public boolean isCancelled() {
        return cancelled;
    }
}
