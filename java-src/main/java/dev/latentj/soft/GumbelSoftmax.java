package dev.latentj.soft;

import dev.latentj.sampling.Rng;

import java.util.random.RandomGenerator;

/** Gumbel-Softmax (Jang et al. 2017; Maddison et al. 2017): y = softmax((log π + g) / τ), g ~ Gumbel(0, 1). */
public final class GumbelSoftmax {

    private GumbelSoftmax() {}

    /**
     * {@return one Gumbel(0, 1) variate: g = −log(−log U) with U in (0, 1), never 0 or 1, so g is finite}
     *
     * @param rng the generator to draw from
     */
    public static double gumbel(RandomGenerator rng) {
        return -Math.log(-Math.log(Rng.openUnit(rng)));
    }

    /**
     * One relaxed sample; its argmax is a categorical draw from π (Gumbel-max), whatever τ.
     *
     * @param pi  the probabilities, each &gt; 0 (need not sum to 1: only log π's differences matter)
     * @param tau the temperature τ, &gt; 0; small τ is near one-hot
     * @param rng the generator to draw from, once per entry
     * @return y, a distribution over {@code pi.length} entries
     * @throws IllegalArgumentException if τ is not positive
     */
    public static double[] sample(double[] pi, double tau, RandomGenerator rng) {
        if (!(tau > 0)) throw new IllegalArgumentException("Gumbel-Softmax τ must be > 0, got " + tau);
        double[] z = new double[pi.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < pi.length; i++) {
            z[i] = (Math.log(pi[i]) + gumbel(rng)) / tau;
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) z[i] /= sum;
        return z;
    }
}
