package dev.latentj.soft;

/**
 * One soft-thinking generation.
 *
 * @param thinkingTokens visible thinking tokens (each concept token's ids[0]), ending with the think-end tokens
 *                       unless thinking ended on EOS
 * @param answerTokens   the answer after the think-end, without the EOS
 * @param steps          concept tokens built (thinking steps)
 * @param thinkingEnd    why thinking ended
 * @param answerEnd      why the answer ended
 */
public record SoftThinkingResult(int[] thinkingTokens, int[] answerTokens, int steps, ThinkingEnd thinkingEnd,
                                 AnswerEnd answerEnd) {

    /** Why thinking ended. */
    public enum ThinkingEnd {
        /** the top-1 (or Gumbel-argmax) completed the think-end */
        THINK_END,
        /** Cold Stop forced the think-end */
        COLD_STOP,
        /** the thinking budget ({@code --max-thinking}) forced the think-end */
        MAX_STEPS,
        /** the limit of new tokens (or the end of the context) forced the think-end */
        MAX_TOKENS,
        /** the visible thinking token was EOS: the generation finished without an answer */
        EOS,
        /** the generation was cancelled while thinking: no answer */
        CANCELLED
    }

    /** Why the answer ended. */
    public enum AnswerEnd {
        /** the answer sampled EOS */
        EOS,
        /** the limit of new tokens (or the end of the context) */
        MAX_TOKENS,
        /** no answer phase (thinking ended on EOS, or was cancelled) */
        NONE,
        /** the generation was cancelled while answering */
        CANCELLED
    }

    /** {@return whether Cold Stop ended the thinking} */
    public boolean coldStopped() {
        return thinkingEnd == ThinkingEnd.COLD_STOP;
    }
}
