package dev.latentj.reason;

/**
 * Receives the tokens of a {@link Reasoner#answer} call as they are decoded, in every mode: each question's
 * tokens come in order, and their texts concatenate to exactly that question's {@link Answer#text()}, also when
 * the call is cancelled. A batched mode interleaves the tokens of its questions; {@link Token#question()} says
 * whose each one is. Called on the generating thread, between decode steps: a slow listener slows the generation,
 * and an exception thrown by it ends the call with that exception.
 *
 * <p>What comes in each phase: CODI thinks in continuous thoughts, which are not tokens, so only its answer
 * streams ({@link Phase#ANSWER}); Soft Thinking streams its visible thinking tokens (the think-end included) as
 * {@link Phase#THINKING}, then its answer; token CoT and generate stream all their tokens as {@link Phase#ANSWER}
 * (CoT's reasoning is part of its text; {@link Answer#reasoningPositions()} splits it afterwards). Eos never comes.
 */
@FunctionalInterface
public interface TokenListener {

    /** Which part of a generation a token belongs to. */
    enum Phase {
        /** Soft Thinking's visible thinking tokens, the think-end included. */
        THINKING,
        /** The answer: every token of CODI's answer, token CoT and generate; Soft Thinking's after the think-end. */
        ANSWER
    }

    /**
     * One decoded token.
     *
     * @param question the question's index in the call's list
     * @param phase    thinking or answer
     * @param id       the token id; {@link #END} for a last piece that carries bytes held back at the end
     * @param text     the text this token completes: empty while a character split over several tokens is not
     *                 complete yet, several characters when it completes one
     */
    record Token(int question, Phase phase, int id, String text) {}

    /**
     * The id of a piece that is no token: when an output ends inside a UTF-8 character, the held-back bytes come
     * last, as U+FFFD, with this id (as {@link Answer#text()} decodes them).
     */
    int END = -1;

    /**
     * Takes one token, on the generating thread, between decode steps: a slow listener slows the generation, and an
     * exception it throws ends the call.
     *
     * @param token the token, with its question and phase
     */
    void onToken(Token token);
}
