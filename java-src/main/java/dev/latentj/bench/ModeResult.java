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
 * {@code mean_answer_tokens} is absent when the runner does not count answer tokens. {@code failed} counts the
 * problems (per run) that could not run; they count as wrong, and the means, percentiles and rate leave them out
 * (the percentiles are null when no problem ran).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"n", "accuracy", "failed", "mean_reasoning_positions", "latency_ms_p50", "latency_ms_p95",
        "problems_per_s", "samples", "pass_at_k", "mean_pass_at_1", "mean_answer_tokens", "predictions"})
public record ModeResult(
        int n,
        double accuracy,
        int failed,
        @JsonProperty("mean_reasoning_positions") double meanReasoningPositions,
        @JsonProperty("latency_ms_p50") @JsonInclude(JsonInclude.Include.ALWAYS) Double latencyMsP50,
        @JsonProperty("latency_ms_p95") @JsonInclude(JsonInclude.Include.ALWAYS) Double latencyMsP95,
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
