package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.latentj.reason.Answer;
import dev.latentj.reason.AnswerExtractor;
import dev.latentj.reason.FinishReason;

/**
 * One entry of a mode's {@code predictions} in results.json.
 *
 * @param answer             the extracted number, null (written as JSON null) when the text holds none
 * @param error              why the problem could not run (it does not fit the context, it is empty, ...); absent
 *                           when it ran. A failed problem has an empty text and no answer, and is wrong
 * @param sample             which sample run it came from; only present when the mode ran more than one
 * @param reasoningPositions the generation's reasoning positions (the histogram of the report); 0 when it failed
 * @param answerTokens       tokens of the answer; absent when the runner does not count them or the problem failed
 * @param finishReason       why the generation ended (stop, length, context); absent when the problem failed
 * @param latencyMs          the latency the percentiles are taken over; for a failed problem the time it took to fail,
 *                           which the percentiles leave out
 */
@JsonPropertyOrder({"index", "text", "answer", "correct", "error", "sample", "reasoning_positions", "answer_tokens",
        "finish_reason", "latency_ms"})
public record ScoredPrediction(
        int index,
        String text,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double answer,
        boolean correct,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer sample,
        @JsonProperty("reasoning_positions") int reasoningPositions,
        @JsonProperty("answer_tokens") @JsonInclude(JsonInclude.Include.NON_NULL) Integer answerTokens,
        @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.NON_NULL) FinishReason finishReason,
        @JsonProperty("latency_ms") double latencyMs) {

    static ScoredPrediction score(Problem problem, Answer a, Integer sample, double latencyMs) {
        return new ScoredPrediction(problem.index(), a.text(), a.answer(), AnswerExtractor.isCorrect(a.answer(), problem.gold()),
                null, sample, a.reasoningPositions(), a.answerTokens(), a.finishReason(), latencyMs);
    }

    /** A problem that could not run, and why. */
    static ScoredPrediction failed(Problem problem, String error, Integer sample, double latencyMs) {
        return new ScoredPrediction(problem.index(), "", null, false, error, sample, 0, null, null, latencyMs);
    }

    /** Whether the problem could not run. */
    boolean failed() {
        return error != null;
    }
}
