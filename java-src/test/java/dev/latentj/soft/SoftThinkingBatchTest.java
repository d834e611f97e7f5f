package dev.latentj.soft;

import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batched Soft Thinking gives each problem exactly what it gets alone, on the embedded CODI model. */
class SoftThinkingBatchTest {
    static final List<String> QUESTIONS = List.of(
            "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?",
            "Omar has 6 bags with 10 apples in each bag. He gives away 13 apples. How many apples does he have?",
            "A farmer has 7 rows of 12 plants. How many plants?",
            "Sam reads 15 pages a day for 4 days, then 9 pages. How many pages did he read?",
            "There are 45 birds. 17 fly away and 6 come back. How many birds are there now?");

    @Test
    void batchedRunsEqualSingleRuns() throws Exception {
        try (Model m = Model.load(Path.of("models/codi-gpt2-tiny-q8_0.gguf"), new Model.Options(Backend.CPU, 1))) {
            Reasoner r = new Reasoner(m);
            List<int[]> prompts = new ArrayList<>();
            List<SoftThinkingLoop> loops = new ArrayList<>();
            int ctx = 0;
            for (int i = 0; i < QUESTIONS.size(); i++) {
                // Gumbel noise with each problem's own seed; greedy and sampled answers, so phases want different readouts
                SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withNoise(new Noise.Gumbel(0.5)).withSeed(100 + i)
                        .withMaxThinkingSteps(6 + 5 * i).withThinkEnd(r.defaultThinkEnd());
                SamplerConfig answer = i % 2 == 0 ? SamplerConfig.greedy() : new SamplerConfig(0.6f, 30, 0.95f, 0.001f, 7 + i);
                SoftThinkingLoop loop = loop(r, cfg, answer, cfg.maxThinkingSteps() + 12);
                prompts.add(r.encode(QUESTIONS.get(i)));
                loops.add(loop);
                ctx = Math.max(ctx, r.softContext(prompts.get(i).length, loop));
            }
            List<SoftThinkingResult> alone = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                try (Session s = m.newSession(Session.Options.of(1, ctx))) {
                    SessionDriver d = new SessionDriver(s, 0, 0, r.baseVocabLimit());
                    alone.add(loops.get(i).run(d.prompt(prompts.get(i), loops.get(i).thinkingReadout()), d));
                }
            }
            List<SoftThinkingResult> together;
            try (Session s = m.newSession(Session.Options.of(prompts.size(), ctx))) {
                together = new SoftThinkingBatch(s, r.baseVocabLimit()).run(prompts, loops);
            }
            assertEquals(prompts.size(), together.size());
            for (int i = 0; i < prompts.size(); i++) {
                SoftThinkingResult a = alone.get(i), b = together.get(i);
                assertArrayEquals(a.thinkingTokens(), b.thinkingTokens(), "problem " + i + ": thinking");
                assertArrayEquals(a.answerTokens(), b.answerTokens(), "problem " + i + ": answer");
                assertEquals(a.steps(), b.steps(), "problem " + i);
                assertEquals(a.thinkingEnd(), b.thinkingEnd(), "problem " + i);
                assertEquals(a.answerEnd(), b.answerEnd(), "problem " + i);
            }
            Set<Integer> steps = together.stream().map(SoftThinkingResult::steps).collect(Collectors.toSet());
            assertTrue(steps.size() > 1, "sequences finish at different steps: " + steps);
        }
    }

    @Test
    void oneLoopPerPrompt() throws Exception {
        try (Model m = Model.load(Path.of("models/codi-gpt2-tiny-q8_0.gguf"), new Model.Options(Backend.CPU, 1));
             Session s = m.newSession(Session.Options.of(2, 64))) {
            Reasoner r = new Reasoner(m);
            SoftThinkingLoop loop = loop(r, SoftThinkingConfig.defaults().withThinkEnd(r.defaultThinkEnd()), SamplerConfig.greedy(), 16);
            SoftThinkingBatch b = new SoftThinkingBatch(s, r.baseVocabLimit());
            assertThrows(IllegalArgumentException.class, () -> b.run(List.of(new int[] {1, 2}, new int[] {3}), List.of(loop)));
            assertThrows(IllegalArgumentException.class, () -> b.run(List.of(new int[0]), List.of(loop)));
        }
    }

    /** A loop on the model's tokenizer with at most {@code maxTokens} new tokens, thinking and answer together. */
    private static SoftThinkingLoop loop(Reasoner r, SoftThinkingConfig cfg, SamplerConfig answer, int maxTokens) {
        int[] end = r.tokenizer().encode(cfg.thinkEnd(), false, true);
        return new SoftThinkingLoop(cfg, answer, maxTokens, new ThinkEndMatcher(end), r.tokenizer().eos());
    }
}
