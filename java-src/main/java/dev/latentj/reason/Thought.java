package dev.latentj.reason;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Objects;

/**
 * One reasoning step made visible, when {@link CallOptions#thoughts()} asks for them. Serialised with Jackson it
 * is the thoughts object of the server's {@code return_thoughts}:
 * {@code {"step", "kind", "top": [{"id", "token", "p"}], "entropy", "cold_stop"}}, the last two for concepts only.
 *
 * @param step     the step, from 0
 * @param kind     a CODI latent or a Soft Thinking concept token
 * @param top      for a latent: the most probable tokens of the LM head read on the hidden state the latent came
 *                 from (what {@code latentj probe --latents} shows); for a concept: its ids and weights after the
 *                 filters and noise. Sorted by p, descending; at most {@code max_topk} entries (default 10)
 * @param entropy  concept only: the entropy in nats of the step's distribution; null for a latent
 * @param coldStop concept only: Cold Stop's count of consecutive low-entropy steps after this one; null for a latent
 */
@JsonPropertyOrder({"step", "kind", "top", "entropy", "cold_stop"})
public record Thought(int step, Kind kind, List<Candidate> top,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Double entropy,
                      @JsonProperty("cold_stop") @JsonInclude(JsonInclude.Include.NON_NULL) Integer coldStop) {

    /** What a thought is of. */
    public enum Kind {
        /** A CODI continuous thought. */
        LATENT("latent"),
        /** A Soft Thinking concept token. */
        CONCEPT("concept");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** {@return the name in JSON: {@code latent} or {@code concept}} */
        @JsonValue
        public String id() {
            return id;
        }
    }

    /**
     * One token of a thought.
     *
     * @param id    the token id
     * @param token its text, special tokens written out
     * @param p     its probability (latent) or weight (concept)
     */
    public record Candidate(int id, String token, double p) {}

    /** Copies {@code top}; requires entropy and Cold Stop count exactly for concepts. */
    public Thought {
        Objects.requireNonNull(kind, "kind");
        top = List.copyOf(top);
        if ((kind == Kind.CONCEPT) != (entropy != null) || (entropy != null) != (coldStop != null)) {
            throw new IllegalArgumentException("a concept thought has an entropy and a Cold Stop count, a latent neither");
        }
    }
}
