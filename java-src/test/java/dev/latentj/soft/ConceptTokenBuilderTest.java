package dev.latentj.soft;

import dev.latentj.sampling.Rng;
import dev.latentj.sampling.TopK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ConceptTokenBuilderTest {

    @Test
    void vanillaPipelineFiltersCutsAndRenormalises() {
        // full-distribution probs of 12 ids; entries 11, 12 are tiny
        int[] ids = {40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51};
        float[] p = {0.30f, 0.20f, 0.12f, 0.10f, 0.08f, 0.06f, 0.04f, 0.03f, 0.02f, 0.015f, 0.0002f, 0.0001f};
        SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withFilters(30, 0.9f, 0.001f).withMaxTopK(4);
        // top-p 0.9 over the renormalised top-30 (total 0.9753): keeps the prefix reaching 0.8778 -> 8 ids
        // (cum 0.93 / 0.9753 = 0.9535 >= 0.9 at id 47); min-p keeps them; max_topk 4 -> 40..43 over 0.72
        ConceptToken c = ConceptTokenBuilder.build(new TopK(ids, p, 2f), cfg, Rng.seeded(0));
        assertArrayEquals(new int[] {40, 41, 42, 43}, c.ids());
        float[] expected = {0.30f / 0.72f, 0.20f / 0.72f, 0.12f / 0.72f, 0.10f / 0.72f};
        assertArrayEquals(expected, c.weights(), 1e-6f, Arrays.toString(c.weights()));
        assertEquals(40, c.visibleId());
    }

    @Test
    void minPDropsRelativeToTheMax() {
        TopK step = new TopK(new int[] {1, 2, 3}, new float[] {0.9f, 0.05f, 0.0004f}, 0.3f);
        SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withFilters(0, 1f, 0.001f);
        ConceptToken c = ConceptTokenBuilder.build(step, cfg, Rng.seeded(0));
        assertArrayEquals(new int[] {1, 2}, c.ids(), "0.0004 < 0.001 · 0.9");
        ConceptToken all = ConceptTokenBuilder.build(step, cfg.withFilters(0, 1f, 0f), Rng.seeded(0));
        assertArrayEquals(new int[] {1, 2, 3}, all.ids(), "min-p 0 keeps all");
    }

    static Stream<Arguments> nearZeroTemperature() {
        float[] spread = {1.0f, 3.0f, 2.9f, 0.5f, 2.99f};
        float[] close = {1.0f, 3.0f, 2.999f, 0.5f, 2.9995f}; // gaps of 5e-4: non-max probabilities do not underflow
        return Stream.of(
                Arguments.of("defaults", spread, SoftThinkingConfig.defaults()),
                Arguments.of("no filters", spread, SoftThinkingConfig.defaults().withFilters(0, 1f, 0f)),
                Arguments.of("close logits, defaults", close, SoftThinkingConfig.defaults()),
                Arguments.of("close logits, Dirichlet", close, SoftThinkingConfig.defaults().withNoise(new Noise.Dirichlet(4))),
                Arguments.of("close logits, Gumbel", close, SoftThinkingConfig.defaults().withNoise(new Noise.Gumbel(0.5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearZeroTemperature")
    void temperatureToZeroIsOneHotAtTheArgmax(String name, float[] logits, SoftThinkingConfig base) {
        SoftThinkingConfig cfg = base.withTemperature(1e-4f);
        TopK step = TopK.fromLogits(logits, cfg.sampler().temperature(), cfg.deviceK(), 0);
        ConceptToken c = ConceptTokenBuilder.build(step, cfg, Rng.seeded(8));
        assertArrayEquals(new int[] {1}, c.ids(), name + ": " + c);
        assertArrayEquals(new float[] {1f}, c.weights(), 0f, name + ": the weight must be exactly 1");
    }

    @Test
    void oneHotAndValidation() {
        ConceptToken c = ConceptToken.oneHot(5);
        assertTrue(c.isOneHot());
        assertEquals(5, c.visibleId());
        assertThrows(IllegalArgumentException.class, () -> new ConceptToken(new int[] {1, 2}, new float[] {0.3f, 0.7f}));
        assertThrows(IllegalArgumentException.class, () -> new ConceptToken(new int[] {1, 2}, new float[] {0.5f, 0.4f}));
        assertThrows(IllegalArgumentException.class, () -> new ConceptToken(new int[] {1, 2}, new float[] {1f, 0f}));
    }
}
