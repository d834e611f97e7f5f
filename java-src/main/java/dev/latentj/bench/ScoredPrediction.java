package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.latentj.reason.Answer;
import dev.latentj.reason.AnswerExtractor;

/**
 * One entry of a mode's {@code predictions} in results.json.
 *
 * @param answer             the extracted number, null (written as JSON null) when the text holds none
 * @param sample             which sample run it came from; only present when the mode ran more than one
 * @param reasoningPositions the generation's reasoning positions (the histogram of the report)
 * @param answerTokens       tokens of the answer; absent when the runner does not count them
 * @param latencyMs          the latency the percentiles are taken over
 */
@JsonPropertyOrder({"index", "text", "answer", "correct", "sample", "reasoning_positions", "answer_tokens", "latency_ms"})
public record ScoredPrediction(
        int index,
        String text,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double answer,
        boolean correct,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer sample,
        @JsonProperty("reasoning_positions") int reasoningPositions,
        @JsonProperty("answer_tokens") @JsonInclude(JsonInclude.Include.NON_NULL) Integer answerTokens,
        @JsonProperty("latency_ms") double latencyMs) {

    static ScoredPrediction score(Problem problem, Answer a, Integer sample, double latencyMs) {
        return new ScoredPrediction(problem.index(), a.text(), a.answer(), AnswerExtractor.isCorrect(a.answer(), problem.gold()), sample,
                a.reasoningPositions(), a.answerTokens(), latencyMs);
    }
}
