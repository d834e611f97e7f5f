package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of results.json: where it ran, how, the modes in the order they ran, and the problems they answered.
 *
 * @param backend the device as ggml names it ("CPU", "CUDA0"); absent when the runners do not say
 */
@JsonPropertyOrder({"model", "dataset", "backend", "machine", "settings", "modes", "problems"})
public record BenchResults(String model, String dataset, @JsonInclude(JsonInclude.Include.NON_NULL) String backend,
                           Machine machine, BenchSettings settings, Map<String, ModeResult> modes,
                           List<ProblemEntry> problems) {
    public BenchResults {
        modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
        problems = List.copyOf(problems);
    }
}
