package dev.latentj.soft;

import dev.latentj.sampling.CandidateFilter;
import dev.latentj.sampling.Candidates;
import dev.latentj.sampling.TopK;

import java.util.random.RandomGenerator;

/**
 * Builds the concept token of one thinking step, as Soft Thinking's sampler does (docs/methods.md §2.1 steps 3-7, §3):
 * probs of softmax(logits / T) → top-k → top-p → min-p → renormalise → [Dirichlet] → top max_topk → renormalise →
 * [Gumbel-Softmax, re-sorted]. The entropy for Cold Stop is not touched here; it is the step's {@link TopK#entropy()}.
 */
public final class ConceptTokenBuilder {

    private ConceptTokenBuilder() {}

    /**
     * {@return the concept token of one thinking step}
     *
     * @param step   the device's top-K of the step, at the thinking temperature
     * @param config filters, max_topk and noise
     * @param rng    the sequence's noise generator; untouched when there is no noise
     */
    public static ConceptToken build(TopK step, SoftThinkingConfig config, RandomGenerator rng) {
        Candidates c = Candidates.of(step);
        c = new CandidateFilter.TopKFilter(config.sampler().topK()).apply(c);
        c = new CandidateFilter.TopPFilter(config.sampler().topP()).apply(c);
        c = new CandidateFilter.MinPFilter(config.sampler().minP()).apply(c);
        c = config.noise().beforeCut(c.normalised(), rng);
        c = new CandidateFilter.TopKFilter(config.maxTopK()).apply(c.withoutZeros()).normalised();
        c = config.noise().afterCut(c, rng).withoutZeros();
        return toConceptToken(c);
    }

    /**
     * Components below float resolution relative to the top weight (w_i < 2^-24 · w_0) cannot change the float sum
     * Σ w_i E[ids_i]; they are dropped, so that T -> 0 gives exactly the one-hot [1.0] of greedy decoding even when
     * a runner-up's probability is a float denormal rather than 0.
     */
    private static ConceptToken toConceptToken(Candidates c) {
        double[] p = c.probs();
        int n = 1;
        while (n < p.length && p[n] >= p[0] * 0x1p-24) n++;
        if (n == 1) return new ConceptToken(new int[] {c.ids()[0]}, new float[] {1f});
        c = c.prefix(n);
        double total = c.total();
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (c.probs()[i] / total);
        return new ConceptToken(c.ids(), w);
    }
}
