package dev.latentj.reason;

import dev.latentj.codi.Codi;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.soft.Noise;
import dev.latentj.soft.SoftThinkingConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each mode's defaults, settled once, and how the options override them. */
class ModeConfigTest {
    private static final ModeOptions NONE = ModeOptions.defaults();

    private static ModeConfig of(Mode m, ModeOptions o) {
        return ModeConfig.of(m, o, "The answer is:");
    }

    private static ModeOptions sampling(Float t, Integer k, Float p, Float minP) {
        return new ModeOptions(null, null, null, t, k, p, minP, null, null, null, null, null, false);
    }

    @Test
    void codiDecodesGreedily32AnswerTokens() {
        assertEquals(new ModeConfig.CodiMode(new Codi.Options(32, false, false)), of(Mode.CODI, NONE));
        assertEquals(Codi.Options.defaults(), ((ModeConfig.CodiMode) of(Mode.CODI, NONE)).options(), "one default for CODI's answer");
        ModeOptions o = new ModeOptions(7, null, null, null, null, null, null, null, null, null, null, null, true);
        assertEquals(new ModeConfig.CodiMode(new Codi.Options(7, false, true)), of(Mode.CODI, o));
    }

    @Test
    void tokenModes() {
        assertEquals(new ModeConfig.TokenMode(256, SamplerConfig.greedy()), of(Mode.COT_GREEDY, sampling(0.9f, 5, null, null)),
                "cot-greedy takes no sampling options");
        assertEquals(new ModeConfig.TokenMode(256, new SamplerConfig(0.6f, 30, 0.95f, 0f, 0)), of(Mode.COT_SAMPLE, NONE));
        assertEquals(new ModeConfig.TokenMode(256, new SamplerConfig(0.8f, 30, 0.5f, 0f, 0)), of(Mode.COT_SAMPLE, sampling(0.8f, null, 0.5f, null)));
        assertEquals(new ModeConfig.TokenMode(128, SamplerConfig.greedy()), of(Mode.GENERATE, NONE));
        assertEquals(new ModeConfig.TokenMode(128, new SamplerConfig(0.8f, 0, 1f, 0f, 0)), of(Mode.GENERATE, sampling(0.8f, null, null, null)),
                "generate samples plainly: no filter unless asked");
        assertEquals(3L, ((ModeConfig.TokenMode) of(Mode.COT_SAMPLE, NONE)).withSeed(3).sampler().seed());
    }

    @Test
    void softThinkingHasThePapersDefaultsAndNoThinkingBudget() {
        ModeConfig.SoftMode s = (ModeConfig.SoftMode) of(Mode.SOFT_VANILLA, NONE);
        assertEquals(SoftThinkingConfig.defaults().withThinkEnd("The answer is:"), s.thinking());
        assertEquals(SoftThinkingConfig.NO_BUDGET, s.thinking().maxThinkingSteps());
        assertEquals(SamplerConfig.afterThinking(), s.answer());
        assertEquals(32768, s.maxTokens(), "thinking and answer together, as S1's max_new_tokens");
        assertEquals(new Noise.Dirichlet(4), ((ModeConfig.SoftMode) of(Mode.SOFT_DIRICHLET, NONE)).thinking().noise());
        assertEquals(new Noise.Gumbel(0.5), ((ModeConfig.SoftMode) of(Mode.SOFT_GUMBEL, NONE)).thinking().noise());
    }

    @Test
    void softOptionsOverrideThinkingAndTheAnswerFollowsItsTemperatureAndFilters() {
        ModeOptions o = new ModeOptions(100, 40, "</think>", 0.7f, 20, 0.9f, 0.01f, 2.0, 0.25, 0.1f, 8, 5, false);
        ModeConfig.SoftMode s = (ModeConfig.SoftMode) of(Mode.SOFT_GUMBEL, o);
        assertEquals(new SoftThinkingConfig(new SamplerConfig(0.7f, 20, 0.9f, 0.01f, 0), 5, new Noise.Gumbel(0.25), 0.1f, 8, 40, "</think>"),
                s.thinking());
        assertEquals(new SamplerConfig(0.7f, 20, 0.9f, 0f, 0), s.answer(), "the answer's min-p stays 0");
        assertEquals(100, s.maxTokens());
        assertEquals(new Noise.Dirichlet(2.0), ((ModeConfig.SoftMode) of(Mode.SOFT_DIRICHLET, o)).thinking().noise());
    }

    @Test
    void softSeedsTheAnswerApartFromTheNoise() {
        ModeConfig.SoftMode s = ((ModeConfig.SoftMode) of(Mode.SOFT_GUMBEL, NONE)).seeded(42);
        assertEquals(42L, s.thinking().sampler().seed());
        assertEquals(42L ^ ModeConfig.ANSWER_SEED_MIX, s.answer().seed());
        assertNotEquals(s.thinking().sampler().seed(), s.answer().seed());
    }

    @Test
    void whatSamples() {
        assertFalse(Mode.CODI.sampled(NONE));
        assertFalse(Mode.COT_GREEDY.sampled(NONE));
        assertTrue(Mode.COT_SAMPLE.sampled(NONE));
        assertFalse(Mode.GENERATE.sampled(NONE));
        assertTrue(Mode.GENERATE.sampled(sampling(0.5f, null, null, null)));
        assertTrue(Mode.SOFT_VANILLA.sampled(NONE), "its answer is sampled after the think-end");
        assertTrue(Mode.SOFT_GUMBEL.sampled(NONE));
    }

    @Test
    void runsShortNames() {
        assertEquals(Mode.COT_GREEDY, Mode.resolve("cot", false, null));
        assertEquals(Mode.COT_SAMPLE, Mode.resolve("COT", true, null));
        assertEquals(Mode.SOFT_VANILLA, Mode.resolve("soft", false, "none"));
        assertEquals(Mode.SOFT_DIRICHLET, Mode.resolve("soft", false, "dirichlet"));
        assertEquals(Mode.SOFT_GUMBEL, Mode.resolve("soft", true, "Gumbel"));
        assertEquals(Mode.CODI, Mode.resolve("codi", false, "gumbel"));
        assertEquals(Mode.SOFT_GUMBEL, Mode.resolve("soft-gumbel", false, null), "bench's ids work too");
        assertEquals("unknown --noise 'pink' (none, dirichlet or gumbel)",
                assertThrows(IllegalArgumentException.class, () -> Mode.resolve("soft", false, "pink")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.resolve("telepathy", false, null))
                .getMessage().startsWith("unknown --mode 'telepathy'"));
    }

    @Test
    void badOptionsNameTheirFlag() {
        assertEquals("--max-thinking must be an integer >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new ModeOptions(null, 0, null, null, null, null, null, null, null, null, null, null, false)).getMessage());
        assertEquals("--min-p must be a number in [0, 1), got 1", assertThrows(IllegalArgumentException.class,
                () -> sampling(null, null, null, 1f)).getMessage());
    }
}
