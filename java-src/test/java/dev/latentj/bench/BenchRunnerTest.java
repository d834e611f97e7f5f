package dev.latentj.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.reason.Answer;
import dev.latentj.reason.ModeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static dev.latentj.testing.Fixtures.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchRunnerTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BenchRunner runner = new BenchRunner(new PrintStream(err, true, StandardCharsets.UTF_8), false,
            clock::get);

    @Test
    void wholeFlowWritesTheContractsJson() throws IOException {
        Path data = sevenProblems();
        // Even problems right, odd ones a wrong number, problem 5 no number at all.
        FakeRunner codi = new FakeRunner(clock, (p, s) -> p.index() == 5 ? "The answer is: many"
                : "The answer is: " + (p.index() % 2 == 0 ? p.goldText() : "-1"));
        FakeRunner cot = new FakeRunner(clock, (p, s) -> "<<1+1=2>>The answer is: " + p.goldText());
        BenchSpec spec = spec(data, List.of("codi", "cot-greedy"), 3, 1);

        BenchResults results = runner.run(spec, Map.of("codi", codi, "cot-greedy", cot));

        assertEquals(List.of(3, 3, 1), codi.batchSizes);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        assertEquals(List.of("model", "dataset", "machine", "settings", "modes", "problems"), names(json));
        assertEquals("default", json.get("model").asText());
        assertEquals(data.toString(), json.get("dataset").asText());
        assertEquals(List.of("codi", "cot-greedy"), names(json.get("modes")));

        JsonNode m = json.get("modes").get("codi");
        assertEquals(List.of("n", "accuracy", "failed", "mean_reasoning_positions", "latency_ms_p50", "latency_ms_p95",
                "problems_per_s", "mean_answer_tokens", "predictions"), names(m));
        assertEquals(0, m.get("failed").asInt());
        assertEquals(7, m.get("n").asInt());
        assertEquals(4.0 / 7, m.get("accuracy").asDouble(), 1e-15);
        assertEquals(6.0, m.get("mean_reasoning_positions").asDouble());
        assertEquals(15.0, m.get("latency_ms_p50").asDouble()); // batch wall time: 3 x 5 ms
        assertEquals(200.0, m.get("problems_per_s").asDouble(), 1e-9);

        JsonNode preds = m.get("predictions");
        assertEquals(7, preds.size());
        assertEquals(List.of("index", "text", "answer", "correct", "reasoning_positions", "answer_tokens", "finish_reason", "latency_ms"),
                names(preds.get(0)));
        assertEquals("stop", preds.get(0).get("finish_reason").asText());
        for (int i = 0; i < 7; i++) assertEquals(i, preds.get(i).get("index").asInt(), "dataset order");
        assertTrue(preds.get(5).get("answer").isNull());
        assertFalse(preds.get(5).get("correct").asBoolean());
        assertEquals(-1.0, preds.get(1).get("answer").asDouble());
        assertEquals(6, preds.get(1).get("reasoning_positions").asInt());
        assertEquals(15.0, preds.get(1).get("latency_ms").asDouble());
        assertEquals(7, json.get("problems").size());
        assertEquals("q3", json.get("problems").get(3).get("question").asText());
        assertEquals(3001.0, json.get("problems").get(3).get("gold").asDouble());
        assertEquals(3, json.get("settings").get("batch").asInt());
        assertFalse(json.get("settings").has("limit"), "the whole dataset ran");
        assertEquals(Runtime.getRuntime().availableProcessors(), json.get("machine").get("cores").asInt());
        assertEquals(1.0, json.get("modes").get("cot-greedy").get("accuracy").asDouble());
        assertEquals(results.modes().get("codi").accuracy(), m.get("accuracy").asDouble());

        String progress = err.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("bench: 7 problems from " + data), progress);
        assertTrue(progress.contains("codi  7/7  100.0%"), progress);
        assertTrue(progress.contains("cot-greedy  7/7  100.0%"), progress);
        assertTrue(progress.contains("wrote " + dir.resolve("out/results.json")), progress);
        assertFalse(codi.closed, "the runner's creator closes it");
    }

    @Test
    void referenceTextsScoreAsPyTorchDid() throws IOException {
        Path dev = shared("fixtures/synth/codi-synth-dev.jsonl");
        FakeRunner codi = new FakeRunner(clock, (p, s) -> p.extra("reference_codi_text"));
        FakeRunner cot = new FakeRunner(clock, (p, s) -> p.extra("reference_cot_text"));
        BenchResults r = runner.run(spec(dev, List.of("codi", "cot-greedy"), 64, 1),
                Map.of("codi", codi, "cot-greedy", cot));
        assertEquals(0.362, r.modes().get("codi").accuracy(), 1e-12);
        assertEquals(0.362, r.modes().get("cot-greedy").accuracy(), 1e-12);
    }

    @Test
    void samplesRunSampledModesKTimesAndGreedyOnce() throws IOException {
        Path data = sevenProblems();
        // Sample s gets problem i right when i % 3 == s: runs score 3, 2 and 2 of 7; together all 7.
        FakeRunner sampled = new FakeRunner(clock, (p, s) -> "The answer is: "
                + (p.index() % 3 == s ? p.goldText() : "-1"));
        FakeRunner codi = new FakeRunner(clock, (p, s) -> "The answer is: " + p.goldText());
        runner.run(spec(data, List.of("cot-sample", "codi"), 4, 3), Map.of("cot-sample", sampled, "codi", codi));

        assertEquals(List.of(0, 0, 1, 1, 2, 2), sampled.samples);
        assertEquals(List.of(0, 0), codi.samples);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        JsonNode m = json.get("modes").get("cot-sample");
        assertEquals(List.of("n", "accuracy", "failed", "mean_reasoning_positions", "latency_ms_p50", "latency_ms_p95",
                "problems_per_s", "samples", "pass_at_k", "mean_pass_at_1", "mean_answer_tokens", "predictions"), names(m));
        assertEquals(3, m.get("samples").asInt());
        assertEquals(1.0, m.get("pass_at_k").asDouble());
        assertEquals((3 + 2 + 2) / 21.0, m.get("mean_pass_at_1").asDouble(), 1e-15);
        assertEquals(m.get("mean_pass_at_1").asDouble(), m.get("accuracy").asDouble());
        assertEquals(21, m.get("predictions").size());
        assertEquals(List.of("index", "text", "answer", "correct", "sample", "reasoning_positions", "answer_tokens", "finish_reason",
                "latency_ms"), names(m.get("predictions").get(7)));
        assertEquals(1, m.get("predictions").get(7).get("sample").asInt());
        assertFalse(json.get("modes").get("codi").has("samples"));
    }

    @Test
    void runnerLatencyWinsOverBatchTime() throws IOException {
        ModeRunner timed = (batch, sample) -> batch.stream()
                .map(p -> new Answer("codi", "The answer is: 1", 1.0, 3, 5, 100.0 + p.index())).toList();
        BenchResults r = runner.run(spec(sevenProblems(), List.of("codi"), 7, 1), Map.of("codi", timed));
        assertEquals(103.0, r.modes().get("codi").latencyMsP50());
        assertEquals(106.0, r.modes().get("codi").latencyMsP95());
        assertEquals(104.0, r.modes().get("codi").predictions().get(4).latencyMs());
    }

    @Test
    void brokenRunnersAreNamed() throws IOException {
        Path data = sevenProblems();
        assertFailure(data, (b, s) -> List.of(), "mode codi gave 0 answers for the 7 problems 0..6");
        assertFailure(data, (b, s) -> {
            List<Answer> a = new ArrayList<>(b.stream().map(p -> FakeRunner.answer("")).toList());
            a.add(FakeRunner.answer(""));
            return a;
        }, "mode codi gave 8 answers for the 7 problems 0..6");
        var e = assertThrows(BenchException.class,
                () -> runner.run(spec(data, List.of("codi", "cot-greedy"), 7, 1), Map.of("codi", (b, s) -> List.of())));
        assertEquals("no runner for mode cot-greedy", e.getMessage());
    }

    @Test
    void aProblemThatCannotRunIsRecordedAndTheRunGoesOn() throws IOException {
        // problems 2 and 5 cannot run: the batch of three that holds one fails, then each of its problems runs alone
        List<Integer> batchSizes = new ArrayList<>();
        ModeRunner picky = (batch, sample) -> {
            batchSizes.add(batch.size());
            clock.addAndGet(1_000_000L);
            for (Problem p : batch) {
                if (p.index() % 3 == 2) throw new IllegalArgumentException("prompt of 300 tokens does not fit\nthe context");
            }
            return batch.stream().map(p -> FakeRunner.answer("The answer is: " + p.goldText())).toList();
        };
        BenchResults r = runner.run(spec(sevenProblems(), List.of("codi"), 3, 1), Map.of("codi", picky));

        assertEquals(List.of(3, 1, 1, 1, 3, 1, 1, 1, 1), batchSizes);
        ModeResult m = r.modes().get("codi");
        assertEquals(7, m.n());
        assertEquals(2, m.failed());
        assertEquals(5.0 / 7, m.accuracy(), 1e-15, "a failed problem is wrong");
        assertEquals(6.0, m.meanReasoningPositions(), "failed problems are left out of the means");
        ScoredPrediction failed = m.predictions().get(2);
        assertEquals("prompt of 300 tokens does not fit; the context", failed.error());
        assertEquals("", failed.text());
        assertFalse(failed.correct());
        assertEquals(null, failed.answer());
        assertEquals(null, m.predictions().get(3).error());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bench: codi problem 5 failed: prompt of 300 tokens"), err.toString());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        JsonNode p2 = json.get("modes").get("codi").get("predictions").get(2);
        assertEquals(List.of("index", "text", "answer", "correct", "error", "reasoning_positions", "latency_ms"), names(p2));
        assertEquals(2, json.get("modes").get("codi").get("failed").asInt());
    }

    @Test
    void whenNothingRunsThereAreNoLatencies() throws IOException {
        ModeRunner broken = (batch, sample) -> {
            throw new IllegalStateException();
        };
        ModeResult m = runner.run(spec(sevenProblems(), List.of("codi"), 7, 1), Map.of("codi", broken)).modes().get("codi");
        assertEquals(7, m.failed());
        assertEquals(0.0, m.accuracy());
        assertEquals(null, m.latencyMsP50());
        assertEquals("IllegalStateException", m.predictions().getFirst().error(), "an exception without a message is named");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        assertTrue(json.get("modes").get("codi").get("latency_ms_p50").isNull());
    }

    @Test
    void pathsAreCheckedBeforeTheFirstProblem() throws IOException {
        Path data = sevenProblems();
        FakeRunner never = new FakeRunner(clock, (p, s) -> "The answer is: 1");
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertBadPath(new BenchSpec(Optional.empty(), data, DatasetFormat.AUTO, 7, List.of("codi"), 1, file, 1, 0, ModeOptions.defaults()),
                never, file + ": is a file, expected a folder for results.json");
        Path under = file.resolve("out");
        assertBadPath(new BenchSpec(Optional.empty(), data, DatasetFormat.AUTO, 7, List.of("codi"), 1, under, 1, 0, ModeOptions.defaults()),
                never, under + ": cannot be created: " + file + " is not a folder");
        Path missing = dir.resolve("missing.jsonl");
        assertBadPath(new BenchSpec(Optional.empty(), missing, DatasetFormat.AUTO, 7, List.of("codi"), 1, dir.resolve("o"), 1, 0,
                ModeOptions.defaults()), never, missing + ": no such file, expected a dataset file");
        Path out = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(out.resolve("results.json"));
        assertBadPath(new BenchSpec(Optional.empty(), data, DatasetFormat.AUTO, 7, List.of("codi"), 1, out, 1, 0, ModeOptions.defaults()),
                never, out.resolve("results.json") + ": is a directory, expected a file");
        // the dataset itself in the results folder, by the name bench writes
        Path inside = Files.createDirectories(dir.resolve("inside"));
        Path dataAsResults = Files.copy(data, inside.resolve("results.json"));
        assertBadPath(new BenchSpec(Optional.empty(), dataAsResults, DatasetFormat.AUTO, 7, List.of("codi"), 1, inside, 1, 0,
                ModeOptions.defaults()), never, "results.json: is an input");
        assertEquals(List.of(), never.batchSizes, "no problem ran");
        assertFalse(Files.exists(dir.resolve("o")), "nothing was created");
    }

    private void assertBadPath(BenchSpec spec, ModeRunner runner, String message) {
        var e = assertThrows(FileSystemException.class, () -> this.runner.run(spec, Map.of("codi", runner)));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void seedsDependOnlyOnSeedSampleAndIndex() {
        assertEquals(Seeds.of(7, 1, 42), Seeds.of(7, 1, 42));
        assertFalse(Seeds.of(7, 1, 42) == Seeds.of(7, 1, 43));
        assertFalse(Seeds.of(7, 0, 42) == Seeds.of(7, 1, 42));
        assertFalse(Seeds.of(7, 1, 42) == Seeds.of(8, 1, 42));
    }

    private void assertFailure(Path data, ModeRunner broken, String message) {
        var e = assertThrows(BenchException.class,
                () -> runner.run(spec(data, List.of("codi"), 7, 1), Map.of("codi", broken)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private BenchSpec spec(Path data, List<String> modes, int batch, int samples) {
        return new BenchSpec(Optional.empty(), data, DatasetFormat.AUTO, Integer.MAX_VALUE, modes, batch,
                dir.resolve("out"), samples, 0, ModeOptions.defaults());
    }

    private Path sevenProblems() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            sb.append("{\"question\": \"q").append(i).append("\", \"answer\": \"#### ").append(i * 1000 + 1).append("\"}\n");
        }
        return Files.writeString(dir.resolve("seven.jsonl"), sb.toString());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
