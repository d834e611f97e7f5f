package dev.latentj.serve;

import java.util.List;

/**
 * One reasoning step of a choice, as {@code "thoughts"} returns it (docs/serve.md): a CODI continuous thought read
 * through the LM head ({@code latent}), or a Soft Thinking concept token after its filters ({@code concept}, with
 * the step's entropy in nats and the Cold Stop counter after it).
 */
record Thought(int step, String kind, List<Top> top, Float entropy, Integer coldStop) {

    /** One token of a step: its id, its text and its probability (or concept weight). */
    record Top(int id, String token, double p) {}

    static Thought latent(int step, List<Top> top) {
        return new Thought(step, "latent", top, null, null);
    }

    static Thought concept(int step, List<Top> top, float entropy, int coldStop) {
        return new Thought(step, "concept", top, entropy, coldStop);
    }
}
