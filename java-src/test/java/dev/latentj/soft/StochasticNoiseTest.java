package dev.latentj.soft;

import dev.latentj.sampling.Rng;
import dev.latentj.sampling.TopK;
import org.junit.jupiter.api.Test;

import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

/** Statistics of Dirichlet and Gumbel-Softmax concept tokens through {@link ConceptTokenBuilder}. */
class StochasticNoiseTest {

    private static final int N = 100_000;
    private static final int[] IDS = {7, 3, 9, 1};
    private static final double[] P = {0.5, 0.3, 0.15, 0.05};
    private static final TopK STEP = new TopK(IDS, new float[] {0.5f, 0.3f, 0.15f, 0.05f}, 1.1f);

    /** No truncation, so the filtered distribution is exactly P. */
    private static SoftThinkingConfig config(Noise noise) {
        return SoftThinkingConfig.defaults().withFilters(0, 1f, 0f).withMaxTopK(10).withNoise(noise);
    }

    private static int slot(int id) {
        for (int i = 0; i < IDS.length; i++) if (IDS[i] == id) return i;
        throw new AssertionError("id " + id + " is not in the support");
    }

    @Test
    void dirichletMomentsMatchDirOfGammaP() {
        double gamma = 4;
        SoftThinkingConfig cfg = config(new Noise.Dirichlet(gamma));
        RandomGenerator rng = Rng.seeded(17);
        double[] sum = new double[4], sumSq = new double[4];
        for (int n = 0; n < N; n++) {
            ConceptToken c = ConceptTokenBuilder.build(STEP, cfg, rng);
            for (int i = 0; i < c.size(); i++) {
                int s = slot(c.ids()[i]);
                sum[s] += c.weights()[i];
                sumSq[s] += (double) c.weights()[i] * c.weights()[i];
            }
        }
        for (int s = 0; s < 4; s++) {
            double mean = sum[s] / N;
            double var = sumSq[s] / N - mean * mean;
            // Dir(γp) with Σ γp = γ: E = p_i, Var = p_i(1 − p_i)/(γ + 1)
            double expectedVar = P[s] * (1 - P[s]) / (gamma + 1);
            assertEquals(P[s], mean, 0.01, "mean of id " + IDS[s] + " off by " + (mean - P[s]));
            assertEquals(expectedVar, var, 0.05 * expectedVar,
                    "variance of id " + IDS[s] + " off by " + 100 * (var / expectedVar - 1) + " %");
        }
    }

    @Test
    void gumbelArgmaxFrequenciesArePi() {
        SoftThinkingConfig cfg = config(new Noise.Gumbel(0.5));
        RandomGenerator rng = Rng.seeded(23);
        int[] counts = new int[4];
        for (int n = 0; n < N; n++) {
            ConceptToken c = ConceptTokenBuilder.build(STEP, cfg, rng);
            counts[slot(c.visibleId())]++; // re-sorted: index 0 is the Gumbel-argmax
        }
        for (int s = 0; s < 4; s++) {
            double f = counts[s] / (double) N;
            assertEquals(P[s], f, 0.01, "Gumbel-argmax frequency of id " + IDS[s] + " off by " + (f - P[s]));
        }
    }

    @Test
    void gumbelSoftmaxKeepsTheSupportAndSumsToOne() {
        ConceptToken c = ConceptTokenBuilder.build(STEP, config(new Noise.Gumbel(0.5)), Rng.seeded(1));
        double sum = 0;
        for (float w : c.weights()) sum += w;
        assertEquals(1.0, sum, 1e-6);
        assertTrue(c.size() <= 4);
    }

    @Test
    void sameSeedGivesIdenticalDraws() {
        for (Noise noise : new Noise[] {new Noise.Dirichlet(4), new Noise.Gumbel(0.5)}) {
            SoftThinkingConfig cfg = config(noise);
            RandomGenerator a = Rng.seeded(5), b = Rng.seeded(5), other = Rng.seeded(6);
            boolean differs = false;
            for (int n = 0; n < 1000; n++) {
                ConceptToken x = ConceptTokenBuilder.build(STEP, cfg, a);
                ConceptToken y = ConceptTokenBuilder.build(STEP, cfg, b);
                ConceptToken z = ConceptTokenBuilder.build(STEP, cfg, other);
                assertArrayEquals(x.ids(), y.ids(), noise + " draw " + n);
                assertArrayEquals(x.weights(), y.weights(), 0f, noise + " draw " + n);
                differs |= x.weights()[0] != z.weights()[0];
            }
            assertTrue(differs, noise + ": another seed should give other draws");
        }
    }

    @Test
    void dirichletDrawsComeFromDirichletSamplerAlone() {
        // Dir over a 2-point support is Beta(a, b): mean a/(a+b)
        RandomGenerator rng = Rng.seeded(31);
        double sum = 0;
        for (int n = 0; n < N; n++) sum += DirichletSampler.sample(new double[] {0.6, 1.4}, rng)[0];
        assertEquals(0.3, sum / N, 0.005, "Beta(0.6, 1.4) mean");
    }
}
