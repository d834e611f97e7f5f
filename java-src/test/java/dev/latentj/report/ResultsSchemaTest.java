package dev.latentj.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.bench.BenchRunner;
import dev.latentj.bench.BenchSpec;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.reason.Answer;
import dev.latentj.reason.ModeOptions;
import dev.latentj.bench.ModeRunner;
import dev.latentj.bench.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shape of results.json that bench writes validates against the schema, and the schema is strict enough
 * to reject a renamed or mistyped field. (The real bench run of {@code ReportBrowserTest} is validated too.)
 */
class ResultsSchemaTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();

    @Test
    void greedyRunWithoutAnswerTokens() throws IOException {
        Path out = bench(List.of("codi", "cot-greedy"), 1, ModeOptions.defaults(), null,
                (p, s) -> TestAnswers.of("The answer is: " + p.index(), 6, Double.NaN, 1));
        ResultsSchema.assertValid(out);
        JsonNode json = read(out);
        assertTrue(json.get("modes").get("codi").get("predictions").get(0).has("latency_ms"));
    }

    @Test
    void sampledRunWithEveryOptionAndAnswerTokens() throws IOException {
        var options = new ModeOptions(64, 500, "</think>", 0.6f, 30, 0.95f, 0.001f, 4.0, 0.5, 0.01f, 256, 10, false);
        Path out = bench(List.of("soft-gumbel", "cot-sample", "codi"), 3, options, "CPU",
                (p, s) -> TestAnswers.of(s == 1 ? "no number" : "The answer is: 1", 4 + s, 2.5, 3));
        ResultsSchema.assertValid(out);
        JsonNode json = read(out);
        assertEquals("CPU", json.get("backend").asText());
        assertEquals(3, json.get("modes").get("soft-gumbel").get("samples").asInt());
        assertTrue(json.get("modes").get("cot-sample").get("predictions").get(5).get("answer").isNull());
        assertEquals(0.5, json.get("settings").get("gumbel_tau").asDouble());
    }

    @Test
    void failedProblemsAndAModeWhereNothingRan() throws IOException {
        Path out = bench(List.of("codi", "cot-greedy"), 1, ModeOptions.defaults(), null, (p, s) -> {
            if (p.index() == 1) throw new IllegalArgumentException("prompt of 300 tokens does not fit the model's context of 256");
            return TestAnswers.of("The answer is: 1", 6, Double.NaN, 1);
        });
        ResultsSchema.assertValid(out);
        JsonNode codi = read(out).get("modes").get("codi");
        assertEquals(1, codi.get("failed").asInt());
        assertEquals("prompt of 300 tokens does not fit the model's context of 256", codi.get("predictions").get(1).get("error").asText());

        Path none = bench(List.of("codi"), 1, ModeOptions.defaults(), null, (p, s) -> {
            throw new IllegalStateException("no");
        });
        ResultsSchema.assertValid(none);
        assertTrue(read(none).get("modes").get("codi").get("latency_ms_p50").isNull());
    }

    @Test
    void schemaRejectsRenamedMissingAndMistypedFields() throws IOException {
        Path out = bench(List.of("codi"), 1, ModeOptions.defaults(), null,
                (p, s) -> TestAnswers.of("The answer is: 1", 6, Double.NaN, 1));
        ObjectNode renamed = (ObjectNode) read(out);
        ObjectNode codi = (ObjectNode) renamed.get("modes").get("codi");
        codi.set("acc", codi.remove("accuracy"));
        assertEquals(2, ResultsSchema.errors(renamed).size(), "accuracy missing, acc unknown: " + ResultsSchema.errors(renamed));

        ObjectNode mistyped = (ObjectNode) read(out);
        ((ObjectNode) mistyped.get("modes").get("codi").get("predictions").get(0)).put("correct", "yes");
        assertEquals(1, ResultsSchema.errors(mistyped).size(), ResultsSchema.errors(mistyped).toString());

        ObjectNode unknownMode = (ObjectNode) read(out);
        ((ObjectNode) unknownMode.get("modes")).set("coconut", unknownMode.get("modes").get("codi"));
        assertTrue(!ResultsSchema.errors(unknownMode).isEmpty(), "an unknown mode name is not a results.json");

        ObjectNode halfSampled = (ObjectNode) read(out);
        ((ObjectNode) halfSampled.get("modes").get("codi")).put("samples", 4);
        assertTrue(!ResultsSchema.errors(halfSampled).isEmpty(), "samples without pass_at_k");
    }

    private interface Answering {
        Answer of(Problem p, int sample);
    }

    private Path bench(List<String> modes, int samples, ModeOptions options, String backend, Answering answer)
            throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 4; i++) rows.append("{\"question\": \"q").append(i).append("\", \"answer\": \"#### 1\"}\n");
        Path data = Files.writeString(dir.resolve("data.jsonl"), rows);
        Map<String, ModeRunner> runners = new java.util.LinkedHashMap<>();
        for (String m : modes) {
            runners.put(m, new ModeRunner() {
                @Override
                public List<Answer> run(List<Problem> batch, int sample) {
                    clock.addAndGet(1_000_000L);
                    return batch.stream().map(p -> answer.of(p, sample)).toList();
                }

                @Override
                public String backend() {
                    return backend;
                }
            });
        }
        var spec = new BenchSpec(Optional.of(Path.of("m.gguf")), data, DatasetFormat.AUTO, 3, modes, 2,
                dir.resolve("out"), samples, 7, options);
        new BenchRunner(new PrintStream(new ByteArrayOutputStream()), false, clock::get).run(spec, runners);
        return dir.resolve("out/results.json");
    }

    private static JsonNode read(Path p) throws IOException {
        return new ObjectMapper().readTree(p.toFile());
    }
}
