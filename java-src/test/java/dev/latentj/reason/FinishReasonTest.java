package dev.latentj.reason;

import dev.latentj.cli.DefaultModel;
import dev.latentj.codi.Codi;
import dev.latentj.engine.Model;
import dev.latentj.sampling.SamplerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why generations end, on the embedded CODI model (a context of 256 positions): eos, the limit of new tokens, the
 * end of the context, where every mode stops cleanly and Soft Thinking leaves room for an answer; and the one
 * validation policy for what cannot run.
 */
class FinishReasonTest {
    private static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";
    private static final ModeOptions DEFAULTS = ModeOptions.defaults();

    private static Model model;
    private static Reasoner reasoner;
    private static int context;

    @BeforeAll
    static void load() throws Exception {
        model = Model.load(DefaultModel.path());
        reasoner = new Reasoner(model);
        context = model.config().nCtxTrain();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Answer answer(Mode mode, ModeOptions o, String question) {
        return reasoner.answer(mode, o, List.of(question), List.of(1L)).getFirst();
    }

    /** A question of exactly {@code tokens} tokens. */
    private static String questionOf(int tokens) {
        StringBuilder q = new StringBuilder("Tom has 3 apples and buys 4 more.");
        while (reasoner.encode(q + " How many apples?").length < tokens - 1) q.append(" one");
        String s = q + " How many apples?";
        if (reasoner.encode(s).length < tokens) s = q + " one How many apples?";
        assertEquals(tokens, reasoner.encode(s).length, s);
        return s;
    }

    @Test
    void eosStopsAndTheLimitIsLength() {
        Answer codi = answer(Mode.CODI, DEFAULTS, QUESTION);
        assertEquals(FinishReason.STOP, codi.finishReason(), codi.toString());
        assertEquals(reasoner.encode(QUESTION).length, codi.promptTokens());
        ModeOptions three = new ModeOptions(3, null, null, null, null, null, null, null, null, null, null, null, false);
        for (Mode mode : List.of(Mode.CODI, Mode.COT_GREEDY, Mode.COT_SAMPLE, Mode.GENERATE)) {
            Answer a = answer(mode, three, QUESTION);
            assertEquals(FinishReason.LENGTH, a.finishReason(), mode + ": " + a);
            assertEquals(3, a.answerTokens(), mode.id());
        }
        // Soft Thinking's limit counts thinking and answer: the 4-token think-end forced after one step leaves no answer
        ModeOptions five = new ModeOptions(5, null, null, null, null, null, null, null, null, null, null, null, false);
        Answer soft = answer(Mode.SOFT_VANILLA, five, QUESTION);
        assertEquals(FinishReason.LENGTH, soft.finishReason(), soft.toString());
        assertEquals(5, soft.reasoningPositions() + soft.answerTokens());
    }

    @Test
    void theTokenModesStopAtTheEndOfTheContext() {
        String q = questionOf(context - 12);
        Answer codi = answer(Mode.CODI, DEFAULTS, q);
        assertEquals(FinishReason.CONTEXT, codi.finishReason(), codi.toString());
        assertEquals(12 - 8, codi.answerTokens(), "the context left after bot, 6 latents and eot");
        for (Mode mode : List.of(Mode.COT_GREEDY, Mode.GENERATE)) {
            Answer a = answer(mode, DEFAULTS, q);
            assertEquals(FinishReason.CONTEXT, a.finishReason(), mode + ": " + a);
            assertEquals(12, a.answerTokens(), mode + ": the prompt and the output fill the context");
        }
        // with a limit below the room left, the limit is the reason
        ModeOptions two = new ModeOptions(2, null, null, null, null, null, null, null, null, null, null, null, false);
        assertEquals(FinishReason.LENGTH, answer(Mode.COT_GREEDY, two, q).finishReason());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SOFT_VANILLA", "SOFT_DIRICHLET", "SOFT_GUMBEL"})
    void softThinkingEndsThinkingEarlyEnoughForAnAnswer(Mode mode) {
        int room = 40;
        Answer a = answer(mode, DEFAULTS, questionOf(context - room));
        // no thinking budget: only the context ends thinking, ModeConfig.SOFT_ANSWER_ROOM before its end
        assertTrue(a.reasoningPositions() <= room - ModeConfig.SOFT_ANSWER_ROOM, a.toString());
        assertTrue(a.answerTokens() >= 1, "an answer fits: " + a);
        assertTrue(a.reasoningPositions() + a.answerTokens() <= room, a.toString());
        assertTrue(a.finishReason() == FinishReason.STOP || a.finishReason() == FinishReason.CONTEXT, a.toString());
    }

    @Test
    void softThinkingWithRoomForTheThinkEndOnlyStopsAtTheContext() {
        // the think-end "The answer is:" is 4 tokens: it is forced at once, and the context ends the answer before it begins
        Answer a = answer(Mode.SOFT_VANILLA, DEFAULTS, questionOf(context - 4));
        assertEquals(FinishReason.CONTEXT, a.finishReason(), a.toString());
        assertEquals("The answer is:", a.text());
        var e = assertThrows(IllegalArgumentException.class, () -> answer(Mode.SOFT_VANILLA, DEFAULTS, questionOf(context - 3)));
        assertEquals("prompt of " + (context - 3) + " tokens leaves 3 positions in the model's context of " + context
                + ", fewer than the think-end's 4 tokens", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aPromptThatFillsTheContextIsRefused(Mode mode) {
        String full = questionOf(context);
        var e = assertThrows(IllegalArgumentException.class, () -> answer(mode, DEFAULTS, full));
        assertTrue(e.getMessage().startsWith("prompt of " + context + " tokens"), e.getMessage());
        assertTrue(e.getMessage().contains("context of " + context), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyQuestionIsCheckedBeforeTheFirstDecode(Mode mode) {
        List<TokenListener.Token> streamed = new java.util.ArrayList<>();
        CallOptions call = CallOptions.none().withListener(streamed::add);
        assertThrows(IllegalArgumentException.class, () ->
                reasoner.answer(mode, DEFAULTS, List.of(QUESTION, questionOf(context)), List.of(1L, 2L), call));
        assertThrows(IllegalArgumentException.class, () ->
                reasoner.answer(mode, DEFAULTS, List.of(QUESTION, mode == Mode.GENERATE ? questionOf(context) : " "), List.of(1L, 2L), call));
        assertEquals(List.of(), streamed, "nothing was generated for the first question");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anEmptyListOfQuestionsNamesTheParameter(Mode mode) {
        var e = assertThrows(IllegalArgumentException.class, () -> reasoner.answer(mode, DEFAULTS, List.of(), List.of()));
        assertEquals("questions must not be empty: give at least one", e.getMessage());
    }

    @Test
    void countsOutOfRangeNameTheParameter() {
        for (int bad : new int[] {0, -1}) {
            String message = "max-tokens must be an integer >= 1, got " + bad;
            assertEquals("--" + message, assertThrows(IllegalArgumentException.class, () ->
                    new ModeOptions(bad, null, null, null, null, null, null, null, null, null, null, null, false)).getMessage());
            assertEquals(message, assertThrows(IllegalArgumentException.class, () -> new Codi.Options(bad, false, false)).getMessage());
            assertEquals(message, assertThrows(IllegalArgumentException.class, () ->
                    reasoner.cot(List.of(QUESTION), bad, SamplerConfig.greedy(), "cot")).getMessage());
            assertEquals(message, assertThrows(IllegalArgumentException.class, () ->
                    reasoner.generate(QUESTION, bad, SamplerConfig.greedy())).getMessage());
        }
        assertEquals("questions must not be empty: give at least one", assertThrows(IllegalArgumentException.class, () ->
                reasoner.codi(List.of(), Codi.Options.defaults())).getMessage());
        assertEquals("questions must not be empty: give at least one", assertThrows(IllegalArgumentException.class, () ->
                reasoner.cot(List.of(), 8, SamplerConfig.greedy(), "cot")).getMessage());
        assertEquals("2 questions but 1 seeds", assertThrows(IllegalArgumentException.class, () ->
                reasoner.answer(Mode.CODI, DEFAULTS, List.of(QUESTION, QUESTION), List.of(1L))).getMessage());
    }
}
