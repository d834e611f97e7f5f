package dev.latentj.reason;

import dev.latentj.cli.DefaultModel;
import dev.latentj.engine.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming and cancellation in every mode, on the embedded CODI model: tokens arrive in order and concatenate to
 * the answer's text; a cancellation or an interrupt after N tokens ends the call within one step with finish
 * cancelled and the partial text; the reasoner answers normally afterwards.
 */
class StreamingTest {
    private static final List<String> QUESTIONS = List.of(
            "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?",
            "Omar has 6 bags with 10 apples in each bag. He gives away 15 apples. How many apples are left?");
    private static final List<Long> SEEDS = List.of(3L, 4L);
    // Soft Thinking's own limit is the context: a budget keeps the test short whatever the noise draws
    private static final ModeOptions OPTIONS = new ModeOptions(24, 12, null, null, null, null, null, null, null, null, null, null, false);

    private static Model model;
    private static Reasoner reasoner;

    @BeforeAll
    static void load() throws Exception {
        model = Model.load(DefaultModel.path());
        reasoner = new Reasoner(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted(); // a failed interrupt test must not leak its flag into the next one
    }

    /** What a listener received, per question. */
    private static final class Recorder implements TokenListener {
        final List<Token> tokens = new ArrayList<>();

        @Override
        public void onToken(Token token) {
            tokens.add(token);
        }

        Map<Integer, String> texts() {
            return tokens.stream().collect(Collectors.groupingBy(Token::question, TreeMap::new,
                    Collectors.mapping(Token::text, Collectors.joining())));
        }

        List<Token> of(int question) {
            return tokens.stream().filter(t -> t.question() == question).toList();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokensArriveInOrderAndMakeTheText(Mode mode) {
        Recorder rec = new Recorder();
        List<Answer> answers = reasoner.answer(mode, OPTIONS, QUESTIONS, SEEDS, CallOptions.none().withListener(rec));
        List<Answer> plain = reasoner.answer(mode, OPTIONS, QUESTIONS, SEEDS);
        for (int q = 0; q < QUESTIONS.size(); q++) {
            Answer a = answers.get(q);
            assertEquals(plain.get(q).text(), a.text(), "listening changes nothing");
            assertFalse(a.text().isEmpty(), mode + ": " + a);
            assertEquals(a.text(), rec.texts().get(q), mode + " question " + q);
            List<TokenListener.Token> tokens = rec.of(q);
            long thinking = tokens.stream().filter(t -> t.phase() == TokenListener.Phase.THINKING).count();
            // every thinking token comes before the first answer token
            assertTrue(tokens.subList(0, (int) thinking).stream().allMatch(t -> t.phase() == TokenListener.Phase.THINKING), mode.id());
            if (mode.id().startsWith("soft")) {
                assertEquals(a.reasoningPositions(), thinking, "Soft Thinking streams its thinking tokens: " + a);
                assertEquals(a.answerTokens(), tokens.size() - thinking, mode.id());
            } else {
                assertEquals(0, thinking, mode + " streams answer tokens only");
                assertEquals(a.answerTokens(), tokens.size(), mode + ": eos is not streamed");
            }
            assertNotEquals(FinishReason.CANCELLED, a.finishReason());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancellingAfterThreeTokensKeepsThemAndTheReasonerWorksAfter(Mode mode) {
        Cancellation cancel = new Cancellation();
        Recorder rec = new Recorder();
        AtomicInteger seen = new AtomicInteger();
        TokenListener listener = t -> {
            rec.onToken(t);
            if (seen.incrementAndGet() == 3) cancel.cancel();
        };
        List<Answer> answers = reasoner.answer(mode, OPTIONS, QUESTIONS, SEEDS,
                CallOptions.none().withListener(listener).withCancellation(cancel));
        assertCancelledAfterThree(mode, answers, rec);
        assertFinishesWhatWasCut(mode, answers);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptingTheThreadCancelsAndTheFlagStays(Mode mode) {
        Recorder rec = new Recorder();
        AtomicInteger seen = new AtomicInteger();
        TokenListener listener = t -> {
            rec.onToken(t);
            if (seen.incrementAndGet() == 3) Thread.currentThread().interrupt();
        };
        List<Answer> answers = reasoner.answer(mode, OPTIONS, QUESTIONS, SEEDS, CallOptions.none().withListener(listener));
        assertTrue(Thread.interrupted(), "the interrupt flag is kept for the caller");
        assertCancelledAfterThree(mode, answers, rec);
        assertFinishesWhatWasCut(mode, answers);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aCancelledCallDecodesNothing(Mode mode) {
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        Recorder rec = new Recorder();
        List<Answer> answers = reasoner.answer(mode, OPTIONS, QUESTIONS, SEEDS,
                CallOptions.none().withListener(rec).withCancellation(cancel));
        assertEquals(List.of(), rec.tokens);
        for (Answer a : answers) {
            assertEquals(FinishReason.CANCELLED, a.finishReason(), mode.id());
            assertEquals("", a.text());
            assertEquals(0, a.answerTokens());
            assertEquals(0, a.reasoningPositions(), mode.id());
        }
    }

    /** The reasoner still works after a cancelled call, and the cut answers were the start of the whole ones. */
    private static void assertFinishesWhatWasCut(Mode mode, List<Answer> cut) {
        List<Answer> whole = reasoner.answer(mode, OPTIONS, QUESTIONS, SEEDS);
        for (int q = 0; q < 2; q++) {
            assertNotEquals(FinishReason.CANCELLED, whole.get(q).finishReason(), mode.id());
            assertTrue(whole.get(q).text().startsWith(cut.get(q).text()), mode + ": '" + cut.get(q).text() + "' starts '" + whole.get(q).text() + "'");
        }
    }

    /**
     * The third token cancelled: the first question stops there (batched modes may take the other question's token
     * of that same step), the second, run after it in the one-at-a-time mode (generate), never starts; the text is
     * what came.
     */
    private static void assertCancelledAfterThree(Mode mode, List<Answer> answers, Recorder rec) {
        assertEquals(2, answers.size());
        boolean batched = mode != Mode.GENERATE; // Soft Thinking too, since bench batches it (SoftThinkingBatch)
        int streamed = rec.tokens.size();
        assertTrue(streamed >= 3 && streamed <= (batched ? 4 : 3), mode + " streamed " + streamed + " tokens after a cancel at 3");
        for (int q = 0; q < 2; q++) {
            Answer a = answers.get(q);
            assertEquals(FinishReason.CANCELLED, a.finishReason(), mode + " question " + q + ": " + a);
            assertEquals(rec.texts().getOrDefault(q, ""), a.text(), mode + " question " + q);
        }
        if (!batched) assertEquals("", answers.get(1).text(), "the second question never started");
    }
}
