package dev.latentj.sampling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.*;

class TokenSamplerTest {

    private static float[] randomLogits(int n, long seed) {
        RandomGenerator rng = Rng.seeded(seed);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) l[i] = (float) (3 * rng.nextGaussian());
        return l;
    }

    @Test
    void greedyIsArgmaxWithTiesToTheLowestId() {
        float[] logits = {0.5f, 2f, -1f, 2f, 1.9f};
        TokenSampler greedy = TokenSampler.of(SamplerConfig.greedy());
        assertInstanceOf(TokenSampler.Greedy.class, greedy);
        assertEquals(1, greedy.sample(logits, 0), "argmax of logits, tie 1/3 -> 1");
        assertEquals(0, greedy.sample(logits, 1), "vocab limit 1 leaves only id 0");
        assertEquals(1, greedy.sample(new float[] {0f, 1f, 9f, 2f}, 2), "vocab limit 2 hides id 2");
        // the device may order ties either way
        assertEquals(1, greedy.sample(new TopK(new int[] {3, 1, 4}, new float[] {0.4f, 0.4f, 0.2f}, 1f)));
        float[] random = randomLogits(1000, 7);
        int argmax = 0;
        for (int i = 1; i < random.length; i++) if (random[i] > random[argmax]) argmax = i;
        assertEquals(argmax, greedy.sample(random, 0));
        assertEquals(argmax, greedy.sample(TopK.fromLogits(random, 0.6f, 5, 0)));
    }

    @Test
    void topKOneAndZeroTemperatureAreGreedy() {
        assertInstanceOf(TokenSampler.Greedy.class, TokenSampler.of(new SamplerConfig(0.7f, 1, 0.9f, 0f, 3)));
        assertInstanceOf(TokenSampler.Greedy.class, TokenSampler.of(new SamplerConfig(0f, 40, 0.9f, 0f, 3)));
        assertInstanceOf(TokenSampler.Categorical.class, TokenSampler.of(SamplerConfig.codi()));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 42})
    void sameSeedGivesTheSameSequence(long seed) {
        float[] logits = randomLogits(500, 11);
        SamplerConfig config = SamplerConfig.softThinkingDefaults().withSeed(seed);
        TokenSampler a = TokenSampler.of(config);
        TokenSampler b = TokenSampler.of(config);
        TokenSampler other = TokenSampler.of(config.withSeed(seed + 1000));
        int[] sa = new int[200], sb = new int[200], so = new int[200];
        TopK step = TopK.fromLogits(logits, config.temperature(), config.deviceK(), 0);
        for (int i = 0; i < 200; i++) {
            sa[i] = a.sample(step);
            sb[i] = b.sample(step);
            so[i] = other.sample(step);
        }
        assertArrayEquals(sa, sb, "same seed");
        assertFalse(Arrays.equals(sa, so), "a different seed should give a different sequence");
    }

    @Test
    void fullLogitsAndDeviceTopKDrawTheSameTokens() {
        float[] logits = randomLogits(2000, 5);
        SamplerConfig config = SamplerConfig.codi().withSeed(9);
        TokenSampler fromLogits = TokenSampler.of(config);
        TokenSampler fromTopK = TokenSampler.of(config);
        TopK step = TopK.fromLogits(logits, config.temperature(), config.deviceK(), 0);
        for (int i = 0; i < 100; i++) {
            assertEquals(fromLogits.sample(logits, 0), fromTopK.sample(step), "draw " + i);
        }
    }

    @Test
    void frequenciesFollowTheFilteredRenormalisedDistribution() {
        // p = 0.5, 0.25, 0.125, 5/64, 3/64; top-k 4 then min-p 0.2 (drop < 0.1) leaves 4/7, 2/7, 1/7
        TopK step = new TopK(new int[] {10, 11, 12, 13, 14}, new float[] {0.5f, 0.25f, 0.125f, 5 / 64f, 3 / 64f}, 1.2f);
        TokenSampler sampler = TokenSampler.of(new SamplerConfig(1f, 4, 1f, 0.2f, 123));
        int n = 100_000;
        int[] counts = new int[15];
        for (int i = 0; i < n; i++) counts[sampler.sample(step)]++;
        double[] expected = {4 / 7.0, 2 / 7.0, 1 / 7.0, 0, 0};
        for (int i = 0; i < 5; i++) {
            double f = counts[10 + i] / (double) n;
            assertEquals(expected[i], f, 0.01, "frequency of id " + (10 + i) + " off by " + (f - expected[i]));
        }
    }

    @Test
    void deviceTopKSufficiency() {
        TopK step = new TopK(new int[] {1, 2, 3}, new float[] {0.5f, 0.3f, 0.1f}, 1f); // holds 0.9 of the mass
        assertTrue(TokenSampler.sufficient(step, SamplerConfig.greedy()));
        assertTrue(TokenSampler.sufficient(step, new SamplerConfig(1f, 3, 0.95f, 0f, 0)), "top-k <= K");
        assertFalse(TokenSampler.sufficient(step, new SamplerConfig(1f, 4, 1f, 0f, 0)), "top-k 4 > K 3");
        assertFalse(TokenSampler.sufficient(step, new SamplerConfig(1f, 0, 1f, 0f, 0)), "no truncation");
        assertTrue(TokenSampler.sufficient(step, new SamplerConfig(1f, 0, 0.85f, 0f, 0)), "nucleus inside K");
        assertFalse(TokenSampler.sufficient(step, new SamplerConfig(1f, 0, 0.95f, 0f, 0)), "nucleus past K");
        assertTrue(TokenSampler.sufficient(step, new SamplerConfig(1f, 0, 0.95f, 0.3f, 0)), "min-p drops p[K-1]");
        assertFalse(TokenSampler.sufficient(step, new SamplerConfig(1f, 0, 0.95f, 0.1f, 0)), "min-p keeps p[K-1]");
        assertFalse(TokenSampler.sufficient(step, new SamplerConfig(1f, 50, 0.95f, 0.3f, 0)),
                "top-p over a top-50 we cannot see");
        assertTrue(TokenSampler.sufficient(new TopK(new int[] {1, 2}, new float[] {0.75f, 0.25f}, 1f),
                new SamplerConfig(1f, 0, 1f, 0f, 0)), "K entries hold all the mass");
        TokenSampler s = TokenSampler.of(new SamplerConfig(1f, 0, 0.95f, 0f, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.sample(step));
        assertTrue(e.getMessage().contains("full logits"), e.getMessage());
    }
}
