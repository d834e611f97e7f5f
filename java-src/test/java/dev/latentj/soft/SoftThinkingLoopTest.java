package dev.latentj.soft;

import dev.latentj.sampling.SamplerConfig;
import dev.latentj.sampling.TopK;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.latentj.soft.ScriptedDriver.peaked;
import static dev.latentj.soft.ScriptedDriver.split;
import static org.junit.jupiter.api.Assertions.*;

class SoftThinkingLoopTest {

    private static final int THINK_END = 99;
    private static final int EOS = 2;
    private static final float HIGH = 1.5f;
    private static final float LOW = 0.001f;

    private static SoftThinkingLoop loop(SoftThinkingConfig cfg, int maxTokens, int... thinkEnd) {
        return new SoftThinkingLoop(cfg, SamplerConfig.greedy(), maxTokens, new ThinkEndMatcher(thinkEnd), EOS);
    }

    @Test
    void naturalThinkEndThenGreedyAnswerUntilEos() {
        SoftThinkingLoop loop = loop(SoftThinkingConfig.defaults(), 100, THINK_END);
        ScriptedDriver d = new ScriptedDriver(
                peaked(11, HIGH), peaked(THINK_END, HIGH), // thinking
                peaked(20, HIGH), peaked(21, HIGH), peaked(EOS, HIGH)); // answer
        SoftThinkingResult r = loop.run(split(10, 12, HIGH), d);

        assertArrayEquals(new int[] {10, 11, THINK_END}, r.thinkingTokens());
        assertArrayEquals(new int[] {20, 21}, r.answerTokens());
        assertEquals(3, r.steps());
        assertEquals(SoftThinkingResult.ThinkingEnd.THINK_END, r.thinkingEnd());
        assertEquals(SoftThinkingResult.AnswerEnd.EOS, r.answerEnd());
        assertFalse(r.coldStopped());
        assertEquals(List.of("mix[10, 12]", "mix[11]", "tok[99]", "tok[20]", "tok[21]"), d.feeds,
                "the concept tokens go in as mixtures, the think-end and answer one-hot");
        assertEquals(List.of(loop.thinkingReadout(), loop.thinkingReadout(), loop.answerReadout(),
                loop.answerReadout(), loop.answerReadout()), d.readouts);
        assertEquals(new Readout(0.6f, 30), loop.thinkingReadout());
        assertEquals(0, d.remaining());
    }

    @Test
    void coldStopForcesTheThinkEndAtExactlyThePatienceThLowEntropyStep() {
        // 6 new tokens: 5 of thinking (the think-end included) leave 1 for the answer
        SoftThinkingLoop loop = loop(SoftThinkingConfig.defaults().withColdStop(0.01f, 3), 6, THINK_END);
        // entropies of steps 1..5: low, high (resets), low, low, low -> fires at step 5
        ScriptedDriver d = new ScriptedDriver(peaked(11, HIGH), peaked(12, LOW), peaked(13, LOW), peaked(14, LOW),
                peaked(30, HIGH));
        SoftThinkingResult r = loop.run(peaked(10, LOW), d);

        assertEquals(SoftThinkingResult.ThinkingEnd.COLD_STOP, r.thinkingEnd());
        assertTrue(r.coldStopped());
        assertEquals(5, r.steps(), "fired at step " + r.steps());
        assertArrayEquals(new int[] {10, 11, 12, 13, THINK_END}, r.thinkingTokens(),
                "the forced think-end replaces step 5's token 14, as S1 overwrites output_ids[-1]");
        assertEquals(List.of("mix[10]", "mix[11]", "mix[12]", "mix[13]", "tok[99]"), d.feeds);
        assertArrayEquals(new int[] {30}, r.answerTokens());
        assertEquals(SoftThinkingResult.AnswerEnd.MAX_TOKENS, r.answerEnd());
        assertEquals(0, d.remaining(), "no feed after the last answer token");
    }

    @Test
    void thinkingBudgetForcesTheThinkEnd() {
        SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withColdStop(0f, 1).withMaxThinkingSteps(3);
        ScriptedDriver d = new ScriptedDriver(peaked(11, LOW), peaked(12, LOW), peaked(EOS, HIGH));
        SoftThinkingResult r = loop(cfg, 10, THINK_END).run(peaked(10, LOW), d);
        assertEquals(SoftThinkingResult.ThinkingEnd.MAX_STEPS, r.thinkingEnd(), "Cold Stop is off (τ = 0)");
        assertArrayEquals(new int[] {10, 11, THINK_END}, r.thinkingTokens());
        assertEquals(3, r.steps());
        assertArrayEquals(new int[0], r.answerTokens());
    }

    @Test
    void theLimitOfNewTokensForcesTheThinkEndWhileItStillFits() {
        SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withColdStop(0f, 1);
        ScriptedDriver d = new ScriptedDriver(peaked(11, HIGH), peaked(12, HIGH), peaked(13, HIGH), peaked(14, HIGH),
                peaked(30, HIGH));
        SoftThinkingResult r = loop(cfg, 6, 98, 99).run(peaked(10, HIGH), d);
        assertEquals(SoftThinkingResult.ThinkingEnd.MAX_TOKENS, r.thinkingEnd(), "no budget, no Cold Stop: the limit ends thinking");
        assertArrayEquals(new int[] {10, 11, 12, 13, 98, 99}, r.thinkingTokens(), "step 5's token 14 gave way to the think-end");
        assertArrayEquals(new int[0], r.answerTokens(), "thinking took all 6 new tokens");
        assertEquals(SoftThinkingResult.AnswerEnd.MAX_TOKENS, r.answerEnd());
        assertEquals(List.of("mix[10]", "mix[11]", "mix[12]", "mix[13]", "tok[98, 99]"), d.feeds);
        assertEquals(0, d.remaining());
    }

    @Test
    void thinkingAndAnswerShareTheLimitOfNewTokens() {
        ScriptedDriver d = new ScriptedDriver(peaked(THINK_END, HIGH), peaked(20, HIGH), peaked(21, HIGH));
        SoftThinkingResult r = loop(SoftThinkingConfig.defaults(), 4, THINK_END).run(peaked(10, HIGH), d);
        assertArrayEquals(new int[] {10, THINK_END}, r.thinkingTokens());
        assertArrayEquals(new int[] {20, 21}, r.answerTokens(), "2 thinking tokens leave 2 of the 4 to the answer");
        assertEquals(SoftThinkingResult.AnswerEnd.MAX_TOKENS, r.answerEnd());
        assertEquals(0, d.remaining(), "no feed after the last answer token");
    }

    @Test
    void aLimitWithoutRoomForTheThinkEndIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> loop(SoftThinkingConfig.defaults(), 1, 98, 99));
        assertEquals("a limit of 1 new tokens leaves no room for the think-end's 2 tokens", e.getMessage());
    }

    @Test
    void multiTokenThinkEndMatchesTheSuffix() {
        ScriptedDriver d = new ScriptedDriver(peaked(98, HIGH), peaked(99, HIGH), peaked(EOS, HIGH));
        SoftThinkingResult r = loop(SoftThinkingConfig.defaults(), 10, 98, 99).run(peaked(10, HIGH), d);
        assertEquals(SoftThinkingResult.ThinkingEnd.THINK_END, r.thinkingEnd());
        assertArrayEquals(new int[] {10, 98, 99}, r.thinkingTokens());
        assertEquals(List.of("mix[10]", "mix[98]", "tok[99]"), d.feeds,
                "the think-end's first token already went in as a concept token; the last goes in one-hot");
    }

    @Test
    void forcedMultiTokenThinkEndFeedsAllItsTokens() {
        SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withColdStop(0.01f, 2);
        ScriptedDriver d = new ScriptedDriver(peaked(11, LOW), peaked(EOS, HIGH));
        SoftThinkingResult r = loop(cfg, 10, 98, 99).run(peaked(10, LOW), d);
        assertEquals(SoftThinkingResult.ThinkingEnd.COLD_STOP, r.thinkingEnd());
        assertArrayEquals(new int[] {10, 98, 99}, r.thinkingTokens());
        assertEquals(List.of("mix[10]", "tok[98, 99]"), d.feeds);
    }

    @Test
    void eosWhileThinkingFinishesWithoutAnAnswer() {
        ScriptedDriver d = new ScriptedDriver(peaked(EOS, HIGH));
        SoftThinkingResult r = loop(SoftThinkingConfig.defaults(), 10, THINK_END).run(peaked(10, HIGH), d);
        assertEquals(SoftThinkingResult.ThinkingEnd.EOS, r.thinkingEnd());
        assertEquals(SoftThinkingResult.AnswerEnd.NONE, r.answerEnd());
        assertArrayEquals(new int[] {10, EOS}, r.thinkingTokens());
        assertEquals(List.of("mix[10]"), d.feeds);
    }

    /** A deterministic toy model: the next readout depends only on the last fed input. */
    private static final class ToyModel implements SoftThinkingDriver {
        private static TopK after(int id) {
            int base = (id * 7 + 3) % 40 + 3; // never EOS (2) or the think-end (99) during the first steps
            return new TopK(new int[] {base, base + 1, base + 2, THINK_END, EOS},
                    new float[] {0.4f, 0.25f, 0.15f, 0.1f, 0.1f}, 1.2f);
        }

        @Override
        public TopK feedMixture(ConceptToken concept, Readout next) {
            return after(concept.ids()[0] + 31 * concept.size());
        }

        @Override
        public TopK feedTokens(int[] ids, Readout next) {
            return after(ids[ids.length - 1]);
        }
    }

    @Test
    void stochasticRunsAreReproducibleUnderTheirSeeds() {
        SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withNoise(new Noise.Gumbel(0.5)).withMaxThinkingSteps(50).withSeed(7);
        SamplerConfig answer = SamplerConfig.afterThinking().withSeed(8);
        TopK prompt = ToyModel.after(1);
        SoftThinkingResult a = new SoftThinkingLoop(cfg, answer, 40, ThinkEndMatcher.single(THINK_END), EOS).run(prompt, new ToyModel());
        SoftThinkingResult b = new SoftThinkingLoop(cfg, answer, 40, ThinkEndMatcher.single(THINK_END), EOS).run(prompt, new ToyModel());
        assertArrayEquals(a.thinkingTokens(), b.thinkingTokens());
        assertArrayEquals(a.answerTokens(), b.answerTokens());
        boolean differs = false;
        for (long seed = 100; seed < 110 && !differs; seed++) {
            SoftThinkingResult c = new SoftThinkingLoop(cfg.withSeed(seed), answer, 40, ThinkEndMatcher.single(THINK_END), EOS)
                    .run(prompt, new ToyModel());
            differs = !java.util.Arrays.equals(a.thinkingTokens(), c.thinkingTokens());
        }
        assertTrue(differs, "Gumbel noise under other seeds should change the thinking trace");
    }

    @Test
    void sequencesAdvancedInLockstepMatchSingleRuns() {
        // how a batched engine drives it: one readout per live sequence per decode call
        SamplerConfig answer = SamplerConfig.afterThinking().withSeed(3);
        SoftThinkingLoop[] loops = new SoftThinkingLoop[3];
        SoftThinkingSequence[] seqs = new SoftThinkingSequence[3];
        NextInput[] next = new NextInput[3];
        ToyModel model = new ToyModel();
        for (int i = 0; i < 3; i++) {
            SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withNoise(new Noise.Gumbel(0.5)).withMaxThinkingSteps(20 + i).withSeed(i);
            loops[i] = new SoftThinkingLoop(cfg, answer, 15, ThinkEndMatcher.single(THINK_END), EOS);
            seqs[i] = loops[i].start();
            next[i] = seqs[i].advance(ToyModel.after(i));
        }
        boolean live = true;
        while (live) {
            live = false;
            for (int i = 0; i < 3; i++) {
                TopK readout = switch (next[i]) {
                    case NextInput.Mixture m -> model.feedMixture(m.concept(), m.readout());
                    case NextInput.Tokens t -> model.feedTokens(t.ids(), t.readout());
                    case NextInput.Finished f -> null;
                };
                if (readout != null) {
                    next[i] = seqs[i].advance(readout);
                    live = true;
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            SoftThinkingResult batched = ((NextInput.Finished) next[i]).result();
            SoftThinkingResult single = loops[i].run(ToyModel.after(i), new ToyModel());
            assertArrayEquals(single.thinkingTokens(), batched.thinkingTokens(), "sequence " + i + " thinking");
            assertArrayEquals(single.answerTokens(), batched.answerTokens(), "sequence " + i + " answer");
            assertTrue(seqs[i].finished());
            int j = i;
            assertThrows(IllegalStateException.class, () -> seqs[j].advance(ToyModel.after(0)));
        }
    }
}
