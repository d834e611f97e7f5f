package dev.latentj.soft;

import dev.latentj.sampling.SamplerConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.latentj.soft.ScriptedDriver.peaked;
import static dev.latentj.soft.ScriptedDriver.split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a listener of the loop sees, cancelling it, and a thinking limit below the limit of new tokens. */
class SoftThinkingListenerTest {
    private static final int THINK_END = 99;
    private static final int EOS = 2;
    private static final float HIGH = 1.5f;
    private static final float LOW = 0.001f;

    /** Records the tokens and concept steps a run shows. */
    private static final class Seen implements SoftThinkingSequence.Listener {
        final List<Integer> thinking = new ArrayList<>();
        final List<Integer> answer = new ArrayList<>();
        final List<String> concepts = new ArrayList<>();

        @Override
        public void concept(int step, ConceptToken concept, float entropy, int coldStop) {
            concepts.add(step + ":" + concept.visibleId() + "/" + coldStop);
        }

        @Override
        public void thinking(int id) {
            thinking.add(id);
        }

        @Override
        public void answer(int id) {
            answer.add(id);
        }
    }

    private static SoftThinkingLoop loop(SoftThinkingConfig cfg, int maxTokens, int thinkingLimit) {
        return new SoftThinkingLoop(cfg, SamplerConfig.greedy(), maxTokens, thinkingLimit, new ThinkEndMatcher(new int[] {98, THINK_END}), EOS);
    }

    @Test
    void theListenerSeesTheResultsTokensAndEveryStep() {
        Seen seen = new Seen();
        // Cold Stop (patience 2) forces the two-token think-end at step 3, replacing its token 12
        SoftThinkingLoop loop = loop(SoftThinkingConfig.defaults().withColdStop(0.01f, 2), 20, 20);
        ScriptedDriver d = new ScriptedDriver(peaked(11, LOW), peaked(12, LOW), peaked(30, HIGH), peaked(EOS, HIGH));
        SoftThinkingResult r = loop.run(split(10, 13, HIGH), d, seen, () -> false);

        assertEquals(List.of(10, 11, 98, THINK_END), seen.thinking);
        assertArrayEquals(r.thinkingTokens(), seen.thinking.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(List.of(30), seen.answer, "eos is not shown");
        assertEquals(List.of("0:10/0", "1:11/1", "2:12/2"), seen.concepts, "the step that fired Cold Stop shows its count");
    }

    @Test
    void cancellingKeepsWhatWasProducedInEitherPhase() {
        SoftThinkingLoop loop = loop(SoftThinkingConfig.defaults(), 20, 20);
        Seen seen = new Seen();
        int[] asked = {0};
        BooleanSupplier afterTwo = () -> ++asked[0] > 2;
        SoftThinkingResult thinking = loop.run(split(10, 13, HIGH), new ScriptedDriver(peaked(11, HIGH), peaked(12, HIGH),
                peaked(13, HIGH)), seen, afterTwo);
        assertEquals(SoftThinkingResult.ThinkingEnd.CANCELLED, thinking.thinkingEnd());
        assertEquals(SoftThinkingResult.AnswerEnd.NONE, thinking.answerEnd());
        assertArrayEquals(new int[] {10, 11, 12}, thinking.thinkingTokens(), "step 3's token was shown before the stop");
        assertEquals(List.of(10, 11, 12), seen.thinking);

        asked[0] = 0;
        BooleanSupplier afterFour = () -> ++asked[0] > 4;
        SoftThinkingResult answering = loop.run(split(10, 13, HIGH), new ScriptedDriver(peaked(98, HIGH), peaked(THINK_END, HIGH),
                peaked(20, HIGH), peaked(21, HIGH), peaked(22, HIGH)), SoftThinkingSequence.Listener.NONE, afterFour);
        assertEquals(SoftThinkingResult.ThinkingEnd.THINK_END, answering.thinkingEnd());
        assertEquals(SoftThinkingResult.AnswerEnd.CANCELLED, answering.answerEnd());
        assertArrayEquals(new int[] {20, 21}, answering.answerTokens());

        SoftThinkingSequence done = loop.start();
        done.cancel();
        assertThrows(IllegalStateException.class, done::cancel);
    }

    @Test
    void aThinkingLimitLeavesTheRestToTheAnswer() {
        // 10 new tokens, thinking at most 5 with its two-token think-end: forced at step 4, then 5 for the answer
        SoftThinkingLoop loop = loop(SoftThinkingConfig.defaults().withColdStop(0f, 1), 10, 5);
        ScriptedDriver d = new ScriptedDriver(peaked(11, HIGH), peaked(12, HIGH), peaked(13, HIGH), peaked(20, HIGH),
                peaked(21, HIGH), peaked(22, HIGH), peaked(23, HIGH), peaked(24, HIGH));
        SoftThinkingResult r = loop.run(peaked(10, HIGH), d);
        assertEquals(SoftThinkingResult.ThinkingEnd.MAX_TOKENS, r.thinkingEnd());
        assertArrayEquals(new int[] {10, 11, 12, 98, THINK_END}, r.thinkingTokens());
        assertArrayEquals(new int[] {20, 21, 22, 23, 24}, r.answerTokens());
        assertEquals(SoftThinkingResult.AnswerEnd.MAX_TOKENS, r.answerEnd());
        assertThrows(IllegalArgumentException.class, () -> loop(SoftThinkingConfig.defaults(), 10, 11), "above the limit");
        assertThrows(IllegalArgumentException.class, () -> loop(SoftThinkingConfig.defaults(), 10, 1), "no room for the think-end");
    }
}
