package dev.latentj.soft;

import dev.latentj.sampling.CandidateFilter;
import dev.latentj.sampling.Candidates;
import dev.latentj.sampling.TopK;

import java.util.random.RandomGenerator;

/**
 * Builds the concept token of one thinking step, as Soft Thinking's sampler does (research §1.1 steps 3-7, §2.2):
 * probs of softmax(logits / T) → top-k → top-p → min-p → renormalise → [Dirichlet] → top max_topk → renormalise →
 * [Gumbel-Softmax, re-sorted]. The entropy for Cold Stop is not touched here; it is the step's {@link TopK#entropy()}.
 */
public final class ConceptTokenBuilder {

    private ConceptTokenBuilder() {}

    public static ConceptToken build(TopK step, SoftThinkingConfig config, RandomGenerator rng) {
        Candidates c = Candidates.of(step);
        c = new CandidateFilter.TopKFilter(config.topK()).apply(c);
        c = new CandidateFilter.TopPFilter(config.topP()).apply(c);
        c = new CandidateFilter.MinPFilter(config.minP()).apply(c);
        c = config.noise().beforeCut(c.normalised(), rng);
        c = new CandidateFilter.TopKFilter(config.maxTopK()).apply(c.withoutZeros()).normalised();
        c = config.noise().afterCut(c, rng).withoutZeros();
        return toConceptToken(c);
    }

    private static ConceptToken toConceptToken(Candidates c) {
        int n = c.size();
        float[] w = new float[n];
        if (n == 1) {
            // exactly 1, so that T -> 0 makes vanilla soft thinking feed the same embedding as greedy decoding
            w[0] = 1f;
        } else {
            double total = c.total();
            for (int i = 0; i < n; i++) w[i] = (float) (c.probs()[i] / total);
            // a weight far below float's range rounds to 0 after the cast; drop it rather than feed a zero row
            while (n > 1 && w[n - 1] == 0f) n--;
            if (n < w.length) return toConceptToken(c.prefix(n));
        }
        return new ConceptToken(c.ids(), w);
    }
}
