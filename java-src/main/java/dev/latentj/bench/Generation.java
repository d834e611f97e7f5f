package dev.latentj.bench;

import java.util.Objects;

/**
 * What a {@link ModeRunner} produced for one problem: the decoded text, before any scoring.
 *
 * @param index              the {@link Problem#index()} it answers
 * @param text               the decoded output, e.g. {@code "The answer is: 35"}; scored by {@link AnswerExtractor}
 * @param reasoningPositions positions spent reasoning before the answer: CODI's latent steps, CoT's reasoning
 *                           tokens, soft thinking's thinking steps (the runner decides and documents what it counts)
 * @param latencyMs          this problem's latency, or NaN to let the bench use its batch's wall time
 * @param answerTokens       tokens decoded for the answer after the reasoning, or null when the runner does not count them
 */
public record Generation(int index, String text, int reasoningPositions, double latencyMs, Integer answerTokens) {
    public Generation {
        Objects.requireNonNull(text, "text");
        if (reasoningPositions < 0) throw new IllegalArgumentException("reasoningPositions < 0: " + reasoningPositions);
        if (answerTokens != null && answerTokens < 0) throw new IllegalArgumentException("answerTokens < 0: " + answerTokens);
    }

    /** A generation whose answer tokens are not counted. */
    public Generation(int index, String text, int reasoningPositions, double latencyMs) {
        this(index, text, reasoningPositions, latencyMs, null);
    }

    /** A generation timed by the bench (its batch's wall time). */
    public Generation(int index, String text, int reasoningPositions) {
        this(index, text, reasoningPositions, Double.NaN, null);
    }
}
