package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.latentj.reason.ModeOptions;

/**
 * The settings of a bench run as results.json records them. A decoding option appears only when it was given;
 * without it each mode used its own default. {@code limit} is absent when the whole dataset ran.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "limit", "batch", "samples", "seed", "max_tokens", "max_thinking", "think_end", "temperature",
        "top_k", "top_p", "min_p", "gamma", "gumbel_tau", "cold_stop_entropy", "cold_stop_patience",
        "max_topk"})
public record BenchSettings(
        String format,
        Integer limit,
        int batch,
        int samples,
        long seed,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_thinking") Integer maxThinking,
        @JsonProperty("think_end") String thinkEnd,
        Double temperature,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("min_p") Double minP,
        Double gamma,
        @JsonProperty("gumbel_tau") Double gumbelTau,
        @JsonProperty("cold_stop_entropy") Double coldStopEntropy,
        @JsonProperty("cold_stop_patience") Integer coldStopPatience,
        @JsonProperty("max_topk") Integer maxTopK) {

    static BenchSettings of(BenchSpec spec) {
        ModeOptions o = spec.options();
        return new BenchSettings(spec.format().id(), spec.limit() == Integer.MAX_VALUE ? null : spec.limit(),
                spec.batch(), spec.samples(), spec.seed(), o.maxTokens(), o.maxThinking(), o.thinkEnd(),
                widen(o.temperature()), o.topK(), widen(o.topP()), widen(o.minP()), o.gamma(), o.gumbelTau(),
                widen(o.coldStopEntropy()), o.coldStopPatience(), o.maxTopK());
    }

    private static Double widen(Float v) {
        return v == null ? null : (double) v;
    }
}
