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

    /** {@return options with no listener, no cancellation but the thread's interrupt, and no thoughts} */
    public static CallOptions none() {
        return NONE;
    }

    /**
     * {@return these options with {@code listener}}
     *
     * @param listener gets each token; not null
     */
    public CallOptions withListener(TokenListener listener) {
        return new CallOptions(Objects.requireNonNull(listener, "listener"), cancellation, thoughts);
    }

    /**
     * {@return these options with {@code cancellation}}
     *
     * @param cancellation cancels the call; not null
     */
    public CallOptions withCancellation(Cancellation cancellation) {
        return new CallOptions(listener, Objects.requireNonNull(cancellation, "cancellation"), thoughts);
    }

    /**
     * {@return these options with the thoughts on or off}
     *
     * @param on fill {@link Answer#thoughts()}
     */
    public CallOptions withThoughts(boolean on) {
        return new CallOptions(listener, cancellation, on);
    }
}
