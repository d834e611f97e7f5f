package dev.latentj.report;

import dev.latentj.reason.Answer;
import dev.latentj.reason.AnswerExtractor;

/** Answers as a runner would give them, for bench runs without a model. */
final class TestAnswers {
    private TestAnswers() {}

    static Answer of(String text, int reasoningPositions, double latencyMs, int answerTokens) {
        return new Answer("test", text, AnswerExtractor.extract(text, "The answer is:"), reasoningPositions, answerTokens, latencyMs);
    }
}
