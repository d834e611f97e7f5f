package dev.latentj.speed;

import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What each test decodes (not how fast): positions per sequence after a run, on the embedded CODI model. */
class SpeedRunnerTest {
    static Model model;

    @BeforeAll
    static void load() throws Exception {
        model = Model.load(Path.of("models/codi-gpt2-tiny-q8_0.gguf"), new Model.Options(dev.latentj.engine.Backend.CPU, 1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Runs t once in a session sized as the runner sizes it, and returns each sequence's next free position. */
    private static int[] positionsAfter(SpeedTest t) {
        List<String> progress = new ArrayList<>();
        SpeedRunner runner = new SpeedRunner(model, 1, -1, progress::add);
        try (Session s = model.newSession(new Session.Options(t.batch(), SpeedRunner.context(t), SpeedRunner.UBATCH, -1))) {
            // what an earlier run added must not count: each run starts from the depth
            runner.prepare(s, t, new Random(1));
            runner.once(s, t, new Random(1));
            long nanos = runner.once(s, t, new Random(2));
            assertEquals(true, nanos > 0);
            int[] next = new int[t.batch()];
            for (int q = 0; q < t.batch(); q++) next[q] = s.nextPosition(q);
            return next;
        }
    }

    @Test
    void promptTestsDecodeTheDepthAndThePromptForEverySequence() {
        assertArrayEquals(new int[] {12, 12, 12}, positionsAfter(new SpeedTest(SpeedTest.Kind.PROMPT, 12, 0, 3)));
        assertArrayEquals(new int[] {17, 17}, positionsAfter(new SpeedTest(SpeedTest.Kind.PROMPT, 12, 5, 2)));
    }

    @Test
    void aPromptLongerThanAMicroBatchIsSplit() {
        // 3 x 200 rows: more than one 512-row decode (the embedded model has 256 positions)
        assertArrayEquals(new int[] {200, 200, 200}, positionsAfter(new SpeedTest(SpeedTest.Kind.PROMPT, 200, 0, 3)));
    }

    @Test
    void tokenSoftAndLatentTestsAdvanceEachSequenceByN() {
        assertArrayEquals(new int[] {4, 4}, positionsAfter(new SpeedTest(SpeedTest.Kind.TOKEN, 4, 0, 2)));
        assertArrayEquals(new int[] {9, 9}, positionsAfter(new SpeedTest(SpeedTest.Kind.TOKEN, 4, 5, 2)));
        assertArrayEquals(new int[] {7}, positionsAfter(new SpeedTest(SpeedTest.Kind.SOFT, 4, 3, 1)));
        assertArrayEquals(new int[] {8, 8}, positionsAfter(new SpeedTest(SpeedTest.Kind.LATENT, 5, 3, 2)));
        // latent steps start from a hidden state: at depth 0 one token is decoded first, before the clock
        assertArrayEquals(new int[] {6}, positionsAfter(new SpeedTest(SpeedTest.Kind.LATENT, 5, 0, 1)));
    }

    @Test
    void runReportsEveryRepetitionAndCountsAllSequences() {
        List<String> progress = new ArrayList<>();
        SpeedTest t = new SpeedTest(SpeedTest.Kind.TOKEN, 3, 0, 2);
        SpeedResult r = new SpeedRunner(model, 3, -1, progress::add).run(t);
        assertEquals(3, r.runs());
        assertEquals(6, t.tokens());
        assertEquals(4, progress.size(), "a warm-up and three runs: " + progress);
        for (double v : r.tokensPerSecond()) assertEquals(true, v > 0 && Double.isFinite(v));
    }

    @Test
    void warmUpIsTheWholePromptButOneGenerationStep() {
        assertEquals(512, SpeedRunner.warmUp(new SpeedTest(SpeedTest.Kind.PROMPT, 512, 0, 1)).n());
        assertEquals(1, SpeedRunner.warmUp(new SpeedTest(SpeedTest.Kind.SOFT, 128, 64, 4)).n());
        assertEquals(64, SpeedRunner.warmUp(new SpeedTest(SpeedTest.Kind.SOFT, 128, 64, 4)).depth());
    }

    @Test
    void atLeastOneRepetition() {
        assertThrows(IllegalArgumentException.class, () -> new SpeedRunner(model, 0, -1, s -> {}));
    }
}
