package dev.latentj.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A results.json as the report reads it: from the file, not from bench's classes, so a report can be made from
 * any run, also one written by an older latentj. Fields that older files lack (backend, machine, settings,
 * problems, the per-prediction figures) are null or empty.
 */
public record ResultsFile(String model, String dataset, String backend, JsonNode machine, JsonNode settings,
                          Map<String, ModeStats> modes, List<ProblemEntry> problems) {

    public ResultsFile {
        modes = modes == null ? Map.of() : new LinkedHashMap<>(modes);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** One mode's figures, as bench wrote them. */
    public record ModeStats(
            int n,
            double accuracy,
            Integer failed,
            @JsonProperty("mean_reasoning_positions") double meanReasoningPositions,
            @JsonProperty("mean_answer_tokens") Double meanAnswerTokens,
            @JsonProperty("latency_ms_p50") double latencyMsP50,
            @JsonProperty("latency_ms_p95") double latencyMsP95,
            @JsonProperty("problems_per_s") double problemsPerS,
            Integer samples,
            @JsonProperty("pass_at_k") Double passAtK,
            List<Prediction> predictions) {

        public ModeStats {
            predictions = predictions == null ? List.of() : List.copyOf(predictions);
        }

        /** How many runs the mode had: its samples, or one. */
        public int runs() {
            return samples == null ? 1 : samples;
        }
    }

    /** One prediction; {@code error} says why the problem could not run (then it has no text), null when it ran. */
    public record Prediction(
            int index,
            String text,
            Double answer,
            boolean correct,
            String error,
            Integer sample,
            @JsonProperty("reasoning_positions") Integer reasoningPositions,
            @JsonProperty("answer_tokens") Integer answerTokens,
            @JsonProperty("latency_ms") Double latencyMs) {}

    public record ProblemEntry(int index, String question, double gold) {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reads {@code file}; an unreadable or malformed file is an IOException naming it. */
    public static ResultsFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        try {
            ResultsFile r = MAPPER.readValue(file.toFile(), ResultsFile.class);
            if (r == null || r.modes().isEmpty()) throw new IOException("no modes");
            return r;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new IOException(file + ": not a latentj results.json (" + why + ")", e);
        }
    }
}
