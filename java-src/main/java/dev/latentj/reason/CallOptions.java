package dev.latentj.reason;

import java.util.Objects;

/**
 * What a {@link Reasoner#answer} call delivers besides its answers, the same for every mode: tokens as they are
 * decoded, a way to cancel, and the thoughts.
 *
 * <pre>{@code
 * Cancellation cancel = new Cancellation();
 * CallOptions call = CallOptions.none()
 *         .withListener(t -> System.out.print(t.text()))
 *         .withCancellation(cancel)
 *         .withThoughts(true);
 * }</pre>
 *
 * @param listener     gets each token as it is decoded ({@link TokenListener}); null: none
 * @param cancellation cancels the call from another thread; null: only an interrupt of the calling thread does
 * @param thoughts     fill {@link Answer#thoughts()}: CODI's latents read through the LM head, Soft Thinking's
 *                     concept tokens (token modes have none). Off by default: a CODI latent's readout costs one
 *                     LM head pass per latent
 */
public record CallOptions(TokenListener listener, Cancellation cancellation, boolean thoughts) {

    private static final CallOptions NONE = new CallOptions(null, null, false);

    /** No listener, no cancellation but the thread's interrupt, no thoughts. */
    public static CallOptions none() {
        return NONE;
    }

    /** These options with {@code listener}. */
    public CallOptions withListener(TokenListener listener) {
        return new CallOptions(Objects.requireNonNull(listener, "listener"), cancellation, thoughts);
    }

    /** These options with {@code cancellation}. */
    public CallOptions withCancellation(Cancellation cancellation) {
        return new CallOptions(listener, Objects.requireNonNull(cancellation, "cancellation"), thoughts);
    }

    /** These options with the thoughts on or off. */
    public CallOptions withThoughts(boolean on) {
        return new CallOptions(listener, cancellation, on);
    }
}
