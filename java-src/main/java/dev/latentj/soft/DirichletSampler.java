package dev.latentj.soft;

import java.util.random.RandomGenerator;

/** Dirichlet(α) draws as normalised Gamma(α_i, 1) variates. */
public final class DirichletSampler {

    private DirichletSampler() {}

    /**
     * One draw from Dir(α). Normalised in log space (a softmax of log-Gamma variates) so that components with
     * tiny α_i, whose Gamma variates underflow, still give a valid distribution.
     *
     * @param alpha the concentrations, each finite and &gt; 0; not empty
     * @param rng   the generator to draw from
     * @return a distribution over {@code alpha.length} entries, summing to 1
     * @throws IllegalArgumentException if {@code alpha} is empty or an α_i is not finite and positive
     */
    public static double[] sample(double[] alpha, RandomGenerator rng) {
        if (alpha.length == 0) throw new IllegalArgumentException("Dirichlet over an empty support");
        double[] logG = new double[alpha.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < alpha.length; i++) {
            logG[i] = GammaSampler.logSample(alpha[i], rng);
            max = Math.max(max, logG[i]);
        }
        double sum = 0;
        double[] p = new double[alpha.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logG[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }
}
