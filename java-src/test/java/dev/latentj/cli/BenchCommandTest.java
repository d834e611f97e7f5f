package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.bench.BenchSpec;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.bench.ModeRunner;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufRewrite;
import dev.latentj.reason.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void defaults() {
        BenchSpec s = parse("--dataset", "d.jsonl", "--modes", "codi,cot-greedy", "--out", "o");
        assertEquals(Path.of("d.jsonl"), s.dataset());
        assertEquals(DatasetFormat.AUTO, s.format());
        assertEquals(Integer.MAX_VALUE, s.limit());
        assertEquals(List.of("codi", "cot-greedy"), s.modes());
        assertEquals(1, s.batch());
        assertEquals(1, s.samples());
        assertEquals(0, s.seed());
        assertTrue(s.model().isEmpty());
        assertEquals("default", s.modelLabel());
        assertNull(s.options().maxTokens());
        assertNull(s.options().temperature());
        assertNull(s.options().maxThinking(), "no thinking budget unless asked");
    }

    @Test
    void everyOption() {
        BenchSpec s = parse("-m", "m.gguf", "--dataset", "svamp.json", "--format", "svamp", "--limit", "50",
                "--modes", "soft-gumbel, cot-sample", "--batch", "8", "--out", "o", "--samples", "4", "--seed", "7",
                "--max-tokens", "512", "--think-end", "</think>", "--temperature", "0.6", "--top-k", "30",
                "--top-p", "0.95", "--min-p", "0.001", "--gamma", "4", "--gumbel-tau", "0.5",
                "--cold-stop-entropy", "0.01", "--cold-stop-patience", "256", "--max-thinking", "100", "--max-topk", "5",
                "--backend", "cpu", "--threads", "1");
        assertEquals("m.gguf", s.modelLabel());
        assertEquals(DatasetFormat.SVAMP, s.format());
        assertEquals(50, s.limit());
        assertEquals(List.of("soft-gumbel", "cot-sample"), s.modes());
        assertEquals(8, s.batch());
        assertEquals(4, s.samples());
        assertEquals(4, s.samplesFor("soft-gumbel"));
        assertEquals(7, s.seed());
        var o = s.options();
        assertEquals(512, o.maxTokens());
        assertEquals("</think>", o.thinkEnd());
        assertEquals(0.6f, o.temperature());
        assertEquals(30, o.topK());
        assertEquals(0.95f, o.topP());
        assertEquals(0.001f, o.minP());
        assertEquals(4.0, o.gamma());
        assertEquals(0.5, o.gumbelTau());
        assertEquals(0.01f, o.coldStopEntropy());
        assertEquals(256, o.coldStopPatience());
        assertEquals(100, o.maxThinking());
        assertEquals(5, o.maxTopK());
    }

    @Test
    void badValuesAreUsageErrors() {
        String[] base = {"--dataset", "d.jsonl", "--out", "o"};
        assertUsageError("unknown mode 'coconut'; known modes: codi, cot-greedy, cot-sample, generate, soft-vanilla, "
                + "soft-dirichlet, soft-gumbel", base, "--modes", "codi,coconut");
        assertUsageError("a mode is listed twice", base, "--modes", "codi,codi");
        assertUsageError("--batch must be an integer in [1, 1024], got 0", base, "--modes", "codi", "--batch", "0");
        assertUsageError("--limit must be an integer >= 1, got 0", base, "--modes", "codi", "--limit", "0");
        assertUsageError("--samples must be an integer >= 1, got 0", base, "--modes", "codi", "--samples", "0");
        assertUsageError("--top-p must be a number in (0, 1], got 1.5", base, "--modes", "codi", "--top-p", "1.5");
        assertUsageError("--max-thinking must be an integer >= 1, got 0", base, "--modes", "soft-vanilla", "--max-thinking", "0");
        assertUsageError("unknown dataset format 'csv'", base, "--modes", "codi", "--format", "csv");
        assertUsageError("Missing required option: '--dataset=FILE'", new String[]{"--out", "o"}, "--modes", "codi");
    }

    @Test
    void runsTheEngineOnTheEmbeddedModel() throws IOException {
        Path outDir = dir.resolve("run");
        int rc = commandLine(new BenchCommand()).execute("--dataset", dataset().toString(), "--modes", "codi,cot-greedy",
                "--batch", "2", "--out", outDir.toString());
        assertEquals(0, rc, err.toString());
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(outDir.resolve("results.json").toFile());
        for (String mode : List.of("codi", "cot-greedy")) {
            var m = doc.get("modes").get(mode);
            for (String field : List.of("n", "accuracy", "mean_reasoning_positions", "latency_ms_p50", "latency_ms_p95",
                    "problems_per_s", "predictions")) {
                assertTrue(m.has(field), mode + " lacks " + field);
            }
            assertEquals(m.get("n").asInt(), m.get("predictions").size());
            assertTrue(!m.get("predictions").get(0).get("text").asText().isBlank(), mode + ": " + m.get("predictions").get(0));
        }
        assertEquals(8.0, doc.get("modes").get("codi").get("mean_reasoning_positions").asDouble(), 1e-9, "bot + 6 latents + eot");
    }

    @Test
    void runsPluggedInRunnersAndClosesThem() throws IOException {
        List<String> closed = new ArrayList<>();
        BenchCommand command = new BenchCommand() {
            @Override
            protected Map<String, ModeRunner> createRunners(BenchSpec spec) {
                Map<String, ModeRunner> runners = new LinkedHashMap<>();
                for (String mode : spec.modes()) {
                    runners.put(mode, new ModeRunner() {
                        @Override
                        public List<Answer> run(List<dev.latentj.bench.Problem> batch, int sample) {
                            return batch.stream().map(p -> new Answer(mode, "The answer is: 4", 4.0, 6, 5, Double.NaN)).toList();
                        }

                        @Override
                        public void close() {
                            closed.add(mode);
                        }
                    });
                }
                return runners;
            }
        };
        Path outDir = dir.resolve("run");
        int rc = commandLine(command).execute("--dataset", dataset().toString(), "--modes", "codi,cot-greedy",
                "--out", outDir.toString(), "--batch", "2", "--limit", "2");
        assertEquals(0, rc, err.toString());
        assertEquals(List.of("cot-greedy", "codi"), closed);
        var json = new ObjectMapper().readTree(outDir.resolve("results.json").toFile());
        assertEquals(2, json.get("modes").get("codi").get("n").asInt());
        assertEquals(0.5, json.get("modes").get("codi").get("accuracy").asDouble());
        assertTrue(out.toString().startsWith("mode "), out.toString());
        assertTrue(out.toString().contains("codi"), out.toString());
    }

    @Test
    void pathsAreCheckedBeforeTheModelLoads() throws IOException {
        Path data = dataset();
        Path file = Files.writeString(dir.resolve("taken.txt"), "x");
        Cli.Result r = Cli.run("bench", "-m", dir.resolve("absent.gguf").toString(), "--dataset", data.toString(),
                "--modes", "codi", "--out", file.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals("error: " + file + ": is a file, expected a folder for results.json\n", r.err(), "not the model's error: the out check comes first");
        Path missing = dir.resolve("nope.jsonl");
        r = Cli.run("bench", "--dataset", missing.toString(), "--modes", "codi", "--out", dir.resolve("o").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals("error: " + missing + ": no such file, expected a dataset file\n", r.err());
        Path out = Files.createDirectories(dir.resolve("o2").resolve("report.html"));
        r = Cli.run("bench", "--dataset", data.toString(), "--modes", "codi", "--out", out.getParent().toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals("error: " + out + ": is a directory, expected a file\n", r.err());
    }

    @Test
    void problemsThatCannotRunAreRecordedAndTheRunGoesOn() throws IOException {
        Path data = Files.writeString(dir.resolve("mixed.jsonl"), """
                {"question": "2+2?", "answer": "#### 4"}
                {"question": "  ", "answer": "#### 5"}
                {"question": "%s", "answer": "#### 6"}
                {"question": "2+4?", "answer": "#### 6"}
                """.formatted("How many pens are left? ".repeat(60)));
        Path outDir = dir.resolve("run");
        Cli.Result r = Cli.run("bench", "--dataset", data.toString(), "--modes", "codi,soft-vanilla", "--batch", "4",
                "--max-tokens", "16", "--out", outDir.toString());
        assertEquals(0, r.code(), r.toString());
        var doc = new ObjectMapper().readTree(outDir.resolve("results.json").toFile());
        for (String mode : List.of("codi", "soft-vanilla")) {
            var m = doc.get("modes").get(mode);
            assertEquals(2, m.get("failed").asInt(), mode + ": " + m);
            var p = m.get("predictions");
            assertEquals("prompt must not be empty or blank (only generate takes an empty prompt: it starts from BOS)",
                    p.get(1).get("error").asText());
            assertTrue(p.get(2).get("error").asText().contains("context of 256"), p.get(2).toString());
            assertTrue(!p.get(0).has("error") && !p.get(3).get("text").asText().isEmpty(), mode + ": the others ran: " + p);
        }
        assertTrue(r.out().contains("(2 failed"), r.out());
        assertTrue(r.err().contains("bench: codi problem 2 failed: prompt of "), r.err());
        assertTrue(Files.exists(outDir.resolve("report.html")));
    }

    @Test
    void softModesInBatchesAnswerAsOneProblemAtATime() throws IOException {
        // the first five problems of fixtures/synth/codi-synth-dev.jsonl; batches of 3 and 2, two seeds each
        Path data = Files.writeString(dir.resolve("dev5.jsonl"), """
                {"question": "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?", "answer": "38"}
                {"question": "Omar has 6 bags with 10 apples in each bag. Omar shares them equally among 3 friends. How many apples does each friend get?", "answer": "20"}
                {"question": "There are 5 boxes with 6 coins in each box. 18 coins are taken out. How many coins are left?", "answer": "12"}
                {"question": "Tom earns 17 dollars on Monday, 3 dollars on Tuesday and 12 dollars on Wednesday. Omar earns 2 times as much as Tom. How many dollars does Omar earn?", "answer": "64"}
                {"question": "Tom had 27 apples and lost 13 of them. Jack has 3 times as many apples as Tom has now. How many apples does Jack have?", "answer": "42"}
                """);
        List<String> modes = List.of("soft-vanilla", "soft-dirichlet", "soft-gumbel");
        Map<String, com.fasterxml.jackson.databind.JsonNode> byBatch = new LinkedHashMap<>();
        for (String batch : List.of("1", "3")) {
            Path outDir = dir.resolve("batch" + batch);
            Cli.Result r = Cli.run("bench", "--dataset", data.toString(), "--modes", String.join(",", modes), "--batch", batch,
                    "--samples", "2", "--seed", "5", "--max-tokens", "40", "--out", outDir.toString());
            assertEquals(0, r.code(), r.toString());
            byBatch.put(batch, new ObjectMapper().readTree(outDir.resolve("results.json").toFile()).get("modes"));
        }
        for (String mode : modes) {
            var one = byBatch.get("1").get(mode).get("predictions");
            var three = byBatch.get("3").get(mode).get("predictions");
            assertEquals(10, one.size(), mode);
            assertEquals(one.size(), three.size(), mode);
            for (int i = 0; i < one.size(); i++) {
                for (String field : List.of("index", "sample", "text", "answer", "correct", "finish_reason", "reasoning_positions", "answer_tokens")) {
                    assertEquals(one.get(i).get(field), three.get(i).get(field), mode + " prediction " + i + " " + field);
                }
                assertTrue(!one.get(i).has("error"), mode + ": " + one.get(i));
            }
            assertEquals(byBatch.get("1").get(mode).get("accuracy"), byBatch.get("3").get(mode).get("accuracy"), mode);
            // batched, not run alone after a failed batch: a batch's problems share its wall time
            for (int first : new int[] {0, 3, 5, 8}) {
                assertEquals(three.get(first).get("latency_ms"), three.get(first + 1).get("latency_ms"), mode + " batch at " + first);
            }
        }
        var gumbel = byBatch.get("1").get("soft-gumbel").get("predictions");
        boolean samplesDiffer = false;
        for (int i = 0; i < 5; i++) samplesDiffer |= !gumbel.get(i).get("text").equals(gumbel.get(i + 5).get("text"));
        assertTrue(samplesDiffer, "each sample draws its own noise: " + gumbel);
    }

    @Test
    void codiOnAModelWithoutCodiMetadataFailsBeforeTheFirstProblem() throws IOException {
        Path plain = GgufRewrite.of(DefaultModel.path()).remove(GgufKeys.CODI_BOT_ID).write(dir.resolve("plain.gguf"));
        Cli.Result r = Cli.run("bench", "-m", plain.toString(), "--dataset", dataset().toString(), "--modes", "cot-greedy,codi",
                "--out", dir.resolve("run").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals("error: --modes codi needs a model with CODI metadata (codi.*); " + plain + " has none\n", r.err(),
                "not one failure per problem");
    }

    private Path dataset() throws IOException {
        return Files.writeString(dir.resolve("d.jsonl"), """
                {"question": "2+2?", "answer": "#### 4"}
                {"question": "2+3?", "answer": "#### 5"}
                {"question": "2+4?", "answer": "#### 6"}
                """);
    }

    private void assertUsageError(String message, String[] base, String... more) {
        err.getBuffer().setLength(0);
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        int rc = commandLine(new BenchCommand()).execute(args);
        assertEquals(2, rc, String.join(" ", args));
        assertTrue(err.toString().contains(message), () -> "expected '" + message + "' in: " + err);
    }

    private BenchSpec parse(String... args) {
        BenchCommand c = new BenchCommand();
        commandLine(c).parseArgs(args);
        return c.spec();
    }

    private CommandLine commandLine(BenchCommand c) {
        return new CommandLine(c).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
