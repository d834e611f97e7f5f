package dev.latentj.sampling;

import java.util.random.RandomGenerator;

/**
 * Picks the next token from a device {@link TopK} or from full logits.
 *
 * <p>When the device's TopK is enough: greedy needs K &gt;= 1; a top-k of k &lt;= K is exact (the device's top-K holds
 * the whole top-k set, with full-distribution probabilities to renormalise). Without top-k the chain may reach past
 * the K entries, so {@link #sufficient} checks each step: it still holds when top-p's nucleus or min-p's cut falls
 * inside the K entries, or the K entries hold all the mass. Otherwise ask the engine for full logits and use
 * {@link #sample(float[], int)}.
 */
public sealed interface TokenSampler permits TokenSampler.Greedy, TokenSampler.Categorical {

    /**
     * Samples from the device reduction.
     *
     * @param step the device's top-K of the row
     * @return the chosen token id
     * @throws IllegalArgumentException when the TopK cannot give the exact chain (see the class comment)
     */
    int sample(TopK step);

    /**
     * Samples from full logits; the CPU fallback.
     *
     * @param logits     one row of logits
     * @param vocabLimit only ids below it take part; all when &lt;= 0
     * @return the chosen token id
     */
    int sample(float[] logits, int vocabLimit);

    /**
     * {@return the sampler of {@code config}} A greedy config needs no randomness; any other draws from a generator
     * seeded with the config's seed.
     *
     * @param config the temperature, filters and seed
     */
    static TokenSampler of(SamplerConfig config) {
        return config.isGreedy() ? new Greedy() : new Categorical(config, Rng.seeded(config.seed()));
    }

    /**
     * {@return whether {@code step} determines the exact filtered distribution of {@code config}} See the class
     * comment.
     *
     * @param step   the device's top-K of a row
     * @param config the sampler that would read it
     */
    static boolean sufficient(TopK step, SamplerConfig config) {
        if (config.isGreedy()) return true;
        int k = step.size();
        if (config.topK() > 0 && config.topK() <= k) return true;
        if (step.mass() >= 1.0 - 1e-5) return true;
        float[] p = step.probs();
        // with no top-k, top-p proportions are of the full distribution, which the TopK carries
        if (config.topK() == 0 && config.topP() < 1f && step.mass() >= config.topP()) return true;
        // everything past the K entries has p <= p[K-1]; if min-p already drops p[K-1], it drops them too,
        // unless a top-k beyond K would first renormalise top-p over entries we cannot see
        boolean minPCutsInside = config.minP() > 0f && p[k - 1] < config.minP() * p[0];
        return minPCutsInside && (config.topK() == 0 || config.topP() >= 1f);
    }

    /** Argmax; ties go to the lowest id, as torch.argmax. */
    record Greedy() implements TokenSampler {
        @Override
        public int sample(TopK step) {
            int[] ids = step.ids();
            float[] p = step.probs();
            int best = 0;
            for (int i = 1; i < ids.length; i++) {
                if (p[i] > p[best] || (p[i] == p[best] && ids[i] < ids[best])) best = i;
            }
            return ids[best];
        }

        @Override
        public int sample(float[] logits, int vocabLimit) {
            return Softmax.argmax(logits, Softmax.support(logits, vocabLimit));
        }
    }

    /**
     * Temperature, then the config's filters, renormalise, one draw from {@code rng}.
     *
     * @param config the temperature and filters
     * @param rng    the source of the draws; it advances one draw per sample
     */
    record Categorical(SamplerConfig config, RandomGenerator rng) implements TokenSampler {
        @Override
        public int sample(TopK step) {
            if (!sufficient(step, config)) {
                throw new IllegalArgumentException("a top-" + step.size() + " holding " + step.mass()
                        + " of the mass cannot give the exact chain of " + config + "; full logits are needed");
            }
            return draw(config.filter(Candidates.of(step)));
        }

        @Override
        public int sample(float[] logits, int vocabLimit) {
            int n = Softmax.support(logits, vocabLimit);
            // the whole vocabulary only when no top-k bounds the candidates
            int k = config.topK() > 0 ? Math.min(config.topK(), n) : n;
            return sample(TopK.fromLogits(logits, config.temperature(), k, vocabLimit));
        }

        private int draw(Candidates c) {
            double u = rng.nextDouble() * c.total();
            double[] p = c.probs();
            double cum = 0;
            for (int i = 0; i < p.length; i++) {
                cum += p[i];
                if (u < cum) return c.ids()[i];
            }
            return c.ids()[p.length - 1]; // u rounded up to the total
        }
    }
}
