package dev.latentj.soft;

import dev.latentj.sampling.Rng;

import java.util.random.RandomGenerator;

/**
 * Gamma(α, 1) variates by Marsaglia and Tsang (2000), "A simple method for generating gamma variables", with the
 * α &lt; 1 boost Gamma(α) = Gamma(α + 1) · U^(1/α). Dirichlet noise needs it with the small concentrations γ·p_i.
 */
public final class GammaSampler {

    private GammaSampler() {}

    /**
     * {@return one Gamma(α, 1) variate; may underflow to 0 for tiny α (see {@link #logSample})}
     *
     * @param alpha the shape α, finite and &gt; 0
     * @param rng   the generator to draw from
     * @throws IllegalArgumentException if α is not finite and positive
     */
    public static double sample(double alpha, RandomGenerator rng) {
        checkAlpha(alpha);
        if (alpha >= 1) return marsagliaTsang(alpha, rng);
        return marsagliaTsang(alpha + 1, rng) * Math.pow(Rng.openUnit(rng), 1 / alpha);
    }

    /**
     * log of a Gamma(α, 1) variate, the same draw as {@link #sample} from the same generator state. For tiny α
     * U^(1/α) underflows to 0 while its log stays finite, so Dirichlet normalises in log space.
     *
     * @param alpha the shape α, finite and &gt; 0
     * @param rng   the generator to draw from
     * @return the log of the variate, finite
     * @throws IllegalArgumentException if α is not finite and positive
     */
    public static double logSample(double alpha, RandomGenerator rng) {
        checkAlpha(alpha);
        if (alpha >= 1) return Math.log(marsagliaTsang(alpha, rng));
        return Math.log(marsagliaTsang(alpha + 1, rng)) + Math.log(Rng.openUnit(rng)) / alpha;
    }

    /** Valid for α >= 1: d = α − 1/3, c = 1/√(9d); accept v = (1 + c·x)³ by the squeeze, then by the log test. */
    private static double marsagliaTsang(double alpha, RandomGenerator rng) {
        double d = alpha - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = Rng.openUnit(rng);
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) return d * v;
        }
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Gamma shape α must be finite and > 0, got " + alpha);
        }
    }
}
