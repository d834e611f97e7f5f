package dev.latentj.reason;

/**
 * One answer of a reasoning mode.
 *
 * @param mode               the mode's name as the caller gave it
 * @param text               the decoded output, e.g. {@code "The answer is: 35"}
 * @param answer             the number {@link AnswerExtractor} reads from it with the model's answer prompt; null
 *                           when there is none
 * @param reasoningPositions positions spent reasoning before the answer: for CODI bot + latents + eot (8 with six
 *                           latents); for token CoT the tokens before the model's answer prompt (all of them on a
 *                           model without one) and for generate all of them; for Soft Thinking the thinking tokens,
 *                           the think-end included
 * @param answerTokens       generated tokens, eos excluded: CODI's after eot, Soft Thinking's after the think-end,
 *                           the token modes' all
 * @param latencyMs          per question; batched modes share their batch's time out evenly. NaN: not timed
 */
public record Answer(String mode, String text, Double answer, int reasoningPositions, int answerTokens, double latencyMs) {}
