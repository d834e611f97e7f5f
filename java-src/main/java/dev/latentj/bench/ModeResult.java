package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One mode's entry in results.json. With one run, {@code accuracy} is its accuracy and the three sample
 * fields are absent. With K sample runs, {@code accuracy} is the mean pass@1 (the average of the K runs'
 * accuracies, so it stays comparable with a greedy mode's) and {@code samples}, {@code pass_at_k} (a problem
 * counts if any run got it) and {@code mean_pass_at_1} are present; {@code predictions} then lists every run.
 * {@code mean_answer_tokens} is absent when the runner does not count answer tokens.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"n", "accuracy", "mean_reasoning_positions", "latency_ms_p50", "latency_ms_p95",
        "problems_per_s", "samples", "pass_at_k", "mean_pass_at_1", "mean_answer_tokens", "predictions"})
public record ModeResult(
        int n,
        double accuracy,
        @JsonProperty("mean_reasoning_positions") double meanReasoningPositions,
        @JsonProperty("latency_ms_p50") double latencyMsP50,
        @JsonProperty("latency_ms_p95") double latencyMsP95,
        @JsonProperty("problems_per_s") double problemsPerS,
        Integer samples,
        @JsonProperty("pass_at_k") Double passAtK,
        @JsonProperty("mean_pass_at_1") Double meanPassAt1,
        @JsonProperty("mean_answer_tokens") Double meanAnswerTokens,
        List<ScoredPrediction> predictions) {

    public ModeResult {
        predictions = List.copyOf(predictions);
    }
}
