package dev.latentj.sampling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TopKTest {

    @Test
    void fromLogitsMatchesSoftmaxAndEntropyOfTheFullDistribution() {
        float[] logits = {1f, 3f, 2f, 0f};
        float t = 0.5f;
        double[] e = new double[4];
        double sum = 0;
        for (int i = 0; i < 4; i++) sum += e[i] = Math.exp(logits[i] / t);
        double h = 0;
        for (int i = 0; i < 4; i++) h -= (e[i] / sum) * Math.log(e[i] / sum);

        TopK top = TopK.fromLogits(logits, t, 2, 0);

        assertArrayEquals(new int[] {1, 2}, top.ids());
        assertEquals(e[1] / sum, top.probs()[0], 1e-7, "p(id 1)");
        assertEquals(e[2] / sum, top.probs()[1], 1e-7, "p(id 2), not renormalised over the top-2");
        assertEquals(h, top.entropy(), 1e-6, "entropy of the full 4-token distribution");
        assertEquals((e[1] + e[2]) / sum, top.mass(), 1e-6);
    }

    @Test
    void vocabLimitExcludesIdsAtAndAboveIt() {
        float[] logits = {0f, 1f, 2f, 9f}; // id 3 is a special token past the limit, as CODI's <bot>/<eot>
        TopK top = TopK.fromLogits(logits, 1f, 4, 3);
        assertArrayEquals(new int[] {2, 1, 0}, top.ids());
        assertEquals(1.0, top.mass(), 1e-6, "the limited distribution sums to 1 over ids < 3");
    }

    @Test
    void tiesGoToTheLowestIdAndZeroTemperatureIsOneHot() {
        float[] logits = {0f, 5f, 5f, 1f};
        assertArrayEquals(new int[] {1, 2, 3}, TopK.fromLogits(logits, 1f, 3, 0).ids());
        TopK cold = TopK.fromLogits(logits, 0f, 3, 0);
        assertArrayEquals(new int[] {1, 2, 3}, cold.ids());
        assertArrayEquals(new float[] {1f, 0f, 0f}, cold.probs());
        assertEquals(0f, cold.entropy());
    }

    @Test
    void rejectsUnsortedOrMismatchedArrays() {
        assertThrows(IllegalArgumentException.class, () -> new TopK(new int[] {1, 2}, new float[] {0.1f, 0.2f}, 1f));
        assertThrows(IllegalArgumentException.class, () -> new TopK(new int[] {1}, new float[] {0.1f, 0.05f}, 1f));
        assertThrows(IllegalArgumentException.class, () -> new TopK(new int[0], new float[0], 0f));
    }
}
