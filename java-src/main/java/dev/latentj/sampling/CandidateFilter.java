package dev.latentj.sampling;

/**
 * One truncation step of a sampler chain, with llama.cpp's semantics. Each works on candidates sorted descending;
 * none renormalises (the next filter that needs proportions does it itself, see {@link TopPFilter}).
 */
public sealed interface CandidateFilter
        permits CandidateFilter.TopKFilter, CandidateFilter.TopPFilter, CandidateFilter.MinPFilter {

    /**
     * {@return the candidates this filter keeps, a prefix of {@code c}} At least one is always kept.
     *
     * @param c candidates sorted by weight descending
     */
    Candidates apply(Candidates c);

    /**
     * Keeps the k most probable.
     *
     * @param k how many to keep; k &lt;= 0 disables the filter
     */
    record TopKFilter(int k) implements CandidateFilter {
        @Override
        public Candidates apply(Candidates c) {
            return k <= 0 ? c : c.prefix(k);
        }
    }

    /**
     * Nucleus: keeps the smallest prefix whose cumulative probability reaches p, at least one token; p >= 1
     * disables it. Proportions are relative to what is left (renormalised), as in llama.cpp, CODI's test.py and
     * flashinfer's top_p_renorm_prob when top-k ran first.
     *
     * @param p the cumulative probability to reach; p &gt;= 1 disables the filter
     */
    record TopPFilter(double p) implements CandidateFilter {
        @Override
        public Candidates apply(Candidates c) {
            if (p >= 1.0) return c;
            double target = p * c.total();
            double cum = 0;
            double[] probs = c.probs();
            for (int i = 0; i < probs.length; i++) {
                cum += probs[i];
                if (cum >= target) return c.prefix(i + 1);
            }
            return c;
        }
    }

    /**
     * Drops tokens with p &lt; minP · p_max. Relative, so normalisation does not matter.
     *
     * @param minP the fraction of the most probable token's weight a token needs; minP &lt;= 0 disables the filter
     */
    record MinPFilter(double minP) implements CandidateFilter {
        @Override
        public Candidates apply(Candidates c) {
            if (minP <= 0) return c;
            double threshold = minP * c.probs()[0];
            double[] probs = c.probs();
            int n = 1;
            while (n < probs.length && probs[n] >= threshold) n++;
            return c.prefix(n);
        }
    }
}
