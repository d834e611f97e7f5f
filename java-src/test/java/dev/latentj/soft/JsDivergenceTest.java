package dev.latentj.soft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class JsDivergenceTest {

    @Test
    void zeroForEqualLn2ForDisjointAndSymmetric() {
        double[] p = {0.5, 0.3, 0.2, 0};
        double[] q = {0.1, 0.1, 0.1, 0.7};
        assertEquals(0.0, JsDivergence.js(p, p), 1e-15);
        assertEquals(Math.log(2), JsDivergence.js(new double[] {0.6, 0.4, 0, 0}, new double[] {0, 0, 0.5, 0.5}), 1e-12);
        assertEquals(JsDivergence.js(p, q), JsDivergence.js(q, p), 1e-15, "symmetry");
        // by hand: M = (0.3, 0.2, 0.15, 0.35)
        double expected = 0.5 * (0.5 * Math.log(0.5 / 0.3) + 0.3 * Math.log(0.3 / 0.2) + 0.2 * Math.log(0.2 / 0.15))
                + 0.5 * (0.1 * Math.log(0.1 / 0.3) + 0.1 * Math.log(0.1 / 0.2) + 0.1 * Math.log(0.1 / 0.15) + 0.7 * Math.log(0.7 / 0.35));
        assertEquals(expected, JsDivergence.js(p, q), 1e-12);
    }

    @Test
    void fromLogitsUsesTheTemperatureScaledSoftmax() {
        float[] a = {2f, 0f, -1f};
        assertEquals(0.0, JsDivergence.fromLogits(a, new float[] {3f, 1f, 0f}, 0.6f), 1e-12, "a shift does not change softmax");
        assertEquals(Math.log(2), JsDivergence.fromLogits(new float[] {100f, 0f}, new float[] {0f, 100f}, 0.6f), 1e-12,
                "peaked on different tokens");
        double hot = JsDivergence.fromLogits(a, new float[] {0f, 2f, -1f}, 5f);
        double cold = JsDivergence.fromLogits(a, new float[] {0f, 2f, -1f}, 0.5f);
        assertTrue(hot < cold, "a higher temperature flattens both: " + hot + " !< " + cold);
        assertThrows(IllegalArgumentException.class, () -> JsDivergence.js(new double[2], new double[3]));
    }
}
