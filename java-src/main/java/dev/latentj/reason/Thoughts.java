package dev.latentj.reason;

import dev.latentj.codi.LatentProbe;
import dev.latentj.soft.ConceptToken;
import dev.latentj.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** {@link Thought}s from what the loops produce: a CODI latent's LM-head readout, a Soft Thinking concept token. */
final class Thoughts {
    private Thoughts() {}

    /** Latent {@code step}, read through the LM head ({@link LatentProbe#top}) as its {@code k} most probable tokens. */
    static Thought latent(int step, float[] logits, int k, Tokenizer tokenizer) {
        List<Thought.Candidate> top = new ArrayList<>();
        for (LatentProbe.Token t : LatentProbe.top(logits, k)) top.add(candidate(t.id(), t.prob(), tokenizer));
        return new Thought(step, Thought.Kind.LATENT, top, null, null);
    }

    /** Concept token {@code step}: its ids and weights, with the step's entropy and Cold Stop count. */
    static Thought concept(int step, ConceptToken concept, float entropy, int coldStop, Tokenizer tokenizer) {
        List<Thought.Candidate> top = new ArrayList<>();
        for (int i = 0; i < concept.size(); i++) top.add(candidate(concept.ids()[i], concept.weights()[i], tokenizer));
        return new Thought(step, Thought.Kind.CONCEPT, top, (double) entropy, coldStop);
    }

    private static Thought.Candidate candidate(int id, double p, Tokenizer tokenizer) {
        return new Thought.Candidate(id, tokenizer.decode(new int[] {id}, true), p);
    }
}
