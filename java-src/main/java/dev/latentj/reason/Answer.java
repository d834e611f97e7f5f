package dev.latentj.reason;

/**
 * One answer of a reasoning mode. {@code reasoningPositions}: bot + latents + eot for CODI, the
 * thinking tokens before the answer prompt for token CoT and Soft Thinking.
 */
public record Answer(String mode, String text, Double answer, int reasoningPositions, int answerTokens, double latencyMs) {}
