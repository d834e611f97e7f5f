package dev.latentj.reason;

import java.util.List;
import java.util.Objects;

/**
 * One answer of a reasoning mode.
 *
 * @param mode               the mode's name as the caller gave it
 * @param text               the decoded output, eos excluded, e.g. {@code "The answer is: 35"}; what a
 *                           {@link TokenListener} received, concatenated
 * @param answer             the number {@link AnswerExtractor} reads from it with the model's answer prompt; null
 *                           when there is none
 * @param reasoningPositions positions spent reasoning before the answer (the reasoning tokens): for CODI bot +
 *                           latents + eot (8 with six latents); for token CoT the tokens before the model's answer
 *                           prompt (all of them on a model without one) and for generate all of them; for Soft
 *                           Thinking the thinking tokens, the think-end included. A cancelled answer counts what it
 *                           used (CODI: fewer when cancelled before eot)
 * @param answerTokens       generated tokens, eos excluded: CODI's after eot, Soft Thinking's after the think-end,
 *                           the token modes' all
 * @param latencyMs          per question; batched modes share their batch's time out evenly. NaN: not timed
 * @param finishReason       why the generation ended
 * @param promptTokens       the question's tokens as the model read them (BOS included when the tokenizer adds one)
 * @param thoughts           the reasoning steps, when {@link CallOptions#thoughts()} asked for them (CODI's latents,
 *                           Soft Thinking's concept tokens); empty otherwise, and always for the token modes
 */
public record Answer(String mode, String text, Double answer, int reasoningPositions, int answerTokens, double latencyMs,
                     FinishReason finishReason, int promptTokens, List<Thought> thoughts) {

    /** Requires a finish reason; copies the thoughts. */
    public Answer {
        Objects.requireNonNull(finishReason, "finishReason");
        thoughts = List.copyOf(thoughts);
    }

    /**
     * An answer from a runner that reports no more than this (a bench {@code ModeRunner} of its own, a test): it
     * stopped by itself ({@link FinishReason#STOP}), its prompt was not counted (0), it has no thoughts.
     *
     * @param mode               the mode's name
     * @param text               the decoded output, eos excluded
     * @param answer             the number read from it, or null
     * @param reasoningPositions positions spent reasoning before the answer
     * @param answerTokens       generated tokens, eos excluded
     * @param latencyMs          per question; NaN: not timed
     */
    public Answer(String mode, String text, Double answer, int reasoningPositions, int answerTokens, double latencyMs) {
        this(mode, text, answer, reasoningPositions, answerTokens, latencyMs, FinishReason.STOP, 0, List.of());
    }
}
