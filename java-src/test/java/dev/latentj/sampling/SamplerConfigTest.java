package dev.latentj.sampling;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SamplerConfigTest {

    @Test
    void presets() {
        assertEquals(new SamplerConfig(0.1f, 40, 0.95f, 0f, 0), SamplerConfig.codi());
        assertEquals(new SamplerConfig(0.6f, 30, 0.95f, 0.001f, 0), SamplerConfig.softThinkingDefaults());
        assertEquals(new SamplerConfig(0.6f, 30, 0.95f, 0f, 0), SamplerConfig.afterThinking());
        assertTrue(SamplerConfig.greedy().isGreedy());
        assertEquals(1, SamplerConfig.greedy().deviceK());
        assertEquals(40, SamplerConfig.codi().deviceK());
        assertEquals(TopK.MAX_DEVICE_K, new SamplerConfig(1f, 0, 0.9f, 0f, 0).deviceK());
    }

    @Test
    void rejectsOutOfRangeParameters() {
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(-1f, 0, 1f, 0f, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(Float.NaN, 0, 1f, 0f, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(1f, -1, 1f, 0f, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(1f, 0, 0f, 0f, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(1f, 0, 1.1f, 0f, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplerConfig(1f, 0, 1f, 1f, 0));
    }
}
