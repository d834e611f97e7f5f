package dev.latentj.soft;

import dev.latentj.params.Param;
import dev.latentj.sampling.Candidates;

import java.util.random.RandomGenerator;

/**
 * The randomness of Stochastic Soft Thinking ("LLMs are Single-threaded Reasoners", docs/methods.md §3). Vanilla soft
 * thinking behaves like greedy decoding; each kind of noise hooks into the concept-token pipeline at the point
 * the paper puts it.
 */
public sealed interface Noise permits Noise.None, Noise.Dirichlet, Noise.Gumbel {

    /**
     * {@return the candidates after the noise that acts before the max_topk cut; the input itself when there is none}
     *
     * @param filtered the filtered, renormalised distribution, sorted descending
     * @param rng      the sequence's noise generator
     */
    default Candidates beforeCut(Candidates filtered, RandomGenerator rng) {
        return filtered;
    }

    /**
     * {@return the candidates after the noise that acts on the final concept token; the input itself when there is
     * none}
     *
     * @param truncated the max_topk-truncated, renormalised π, sorted descending
     * @param rng       the sequence's noise generator
     */
    default Candidates afterCut(Candidates truncated, RandomGenerator rng) {
        return truncated;
    }

    /** Vanilla Soft Thinking. */
    record None() implements Noise {}

    /**
     * p' ~ Dir(γ · p) over the filtered support (γ = 4 is paper 2's best; small γ is near one-hot, large ≈ p).
     *
     * @param gamma the concentration γ, &gt; 0
     */
    record Dirichlet(double gamma) implements Noise {
        /** γ = 4, paper 2's best. */
        public static final double DEFAULT_GAMMA = 4.0;

        /**
         * Checks γ.
         *
         * @throws IllegalArgumentException if γ is not finite and positive ({@link Param#GAMMA})
         */
        public Dirichlet {
            Param.GAMMA.check(gamma);
        }

        /** Dirichlet noise with {@link #DEFAULT_GAMMA}. */
        public Dirichlet() {
            this(DEFAULT_GAMMA);
        }

        @Override
        public Candidates beforeCut(Candidates p, RandomGenerator rng) {
            double[] alpha = new double[p.size()];
            for (int i = 0; i < alpha.length; i++) alpha[i] = gamma * p.probs()[i];
            // re-sorted: the max_topk cut and the visible token follow the noised weights
            return Candidates.sorted(p.ids(), DirichletSampler.sample(alpha, rng));
        }
    }

    /**
     * y = softmax((log π + g) / τ) (τ = 0.5 is paper 2's best), re-sorted descending so the Gumbel-argmax becomes
     * the visible token: the thinking trace is then a categorical sample from π.
     *
     * @param tau the Gumbel-Softmax temperature τ, &gt; 0
     */
    record Gumbel(double tau) implements Noise {
        /** τ = 0.5, paper 2's best. */
        public static final double DEFAULT_TAU = 0.5;

        /**
         * Checks τ.
         *
         * @throws IllegalArgumentException if τ is not finite and positive ({@link Param#GUMBEL_TAU})
         */
        public Gumbel {
            Param.GUMBEL_TAU.check(tau);
        }

        /** Gumbel noise with {@link #DEFAULT_TAU}. */
        public Gumbel() {
            this(DEFAULT_TAU);
        }

        @Override
        public Candidates afterCut(Candidates pi, RandomGenerator rng) {
            return Candidates.sorted(pi.ids(), GumbelSoftmax.sample(pi.probs(), tau, rng));
        }
    }
}
