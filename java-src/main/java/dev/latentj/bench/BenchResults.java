package dev.latentj.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The whole of results.json: modes in the order they ran. */
@JsonPropertyOrder({"model", "dataset", "modes"})
public record BenchResults(String model, String dataset, Map<String, ModeResult> modes) {
    public BenchResults {
        modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    }
}
