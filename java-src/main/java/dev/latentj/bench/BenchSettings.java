package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The settings of a bench run as results.json records them. A decoding option appears only when it was given;
 * without it each mode used its own default. {@code limit} is absent when the whole dataset ran.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "limit", "batch", "samples", "seed", "max_tokens", "think_end", "temperature",
        "top_k", "top_p", "min_p", "gamma", "gumbel_tau", "cold_stop_entropy", "cold_stop_patience"})
public record BenchSettings(
        String format,
        Integer limit,
        int batch,
        int samples,
        long seed,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("think_end") String thinkEnd,
        Double temperature,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("min_p") Double minP,
        Double gamma,
        @JsonProperty("gumbel_tau") Double gumbelTau,
        @JsonProperty("cold_stop_entropy") Double coldStopEntropy,
        @JsonProperty("cold_stop_patience") Integer coldStopPatience) {

    static BenchSettings of(BenchSpec spec) {
        GenerationOptions o = spec.options();
        return new BenchSettings(spec.format().id(), spec.limit() == Integer.MAX_VALUE ? null : spec.limit(),
                spec.batch(), spec.samples(), spec.seed(), boxed(o.maxTokens()), o.thinkEnd().orElse(null),
                boxed(o.temperature()), boxed(o.topK()), boxed(o.topP()), boxed(o.minP()), boxed(o.gamma()),
                boxed(o.gumbelTau()), boxed(o.coldStopEntropy()), boxed(o.coldStopPatience()));
    }

    private static Integer boxed(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    private static Double boxed(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
