package dev.latentj.report;

import dev.latentj.bench.BenchRunner;
import dev.latentj.bench.BenchSpec;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.reason.Answer;
import dev.latentj.reason.ModeOptions;
import dev.latentj.bench.ModeRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page's content without a browser: merged runs, old results.json files, pass@k, errors. */
class ReportPageTest {
    @TempDir
    Path dir;

    @Test
    void mergedRunsAreOneSeriesEach() throws IOException {
        Path a = bench(dir.resolve("a/q8_0"), 1, List.of("codi", "cot-greedy"));
        Path b = bench(dir.resolve("b/q8_0"), 2, List.of("codi", "soft-gumbel"));
        String html = Files.readString(Report.write(List.of(a, b), dir.resolve("merged.html")));

        assertEquals(2 * 7, count(html, "data-run=\"q8_0\" "), "7 figures for each of run a's greedy modes");
        assertEquals(7 + 8, count(html, "data-run=\"q8_0 #2\" "), "run b's, pass@k for soft-gumbel; equal names get #2");
        assertEquals(4, count(html, "<circle class=\"point\""), "a point per mode per run");
        assertEquals(3, count(html, "class=\"chart histogram\""), "a histogram per mode of either run");
        assertTrue(html.contains("fill=\"" + Palette.colour(0) + "\"><title>q8_0: ") && html.contains("fill=\"" + Palette.colour(1) + "\"><title>q8_0 #2: "),
                "bars coloured by run");
        assertEquals(1, count(html, "class=\"chart pass-at-k\""), "pass@k only for the sampled mode");
        assertTrue(html.contains("\"label\":\"q8_0 #2\""), "the problem list knows both runs");
    }

    @Test
    void olderResultsJsonStillMakesAPage() throws IOException {
        Path old = Files.createDirectories(dir.resolve("old"));
        Files.writeString(old.resolve("results.json"), """
                {"model": "m.gguf", "dataset": "d.jsonl", "modes": {"codi": {"n": 2, "accuracy": 0.5,
                 "mean_reasoning_positions": 6.0, "latency_ms_p50": 8.3, "latency_ms_p95": 16.9, "problems_per_s": 85.7,
                 "predictions": [{"index": 0, "text": "The answer is: 35", "answer": 35.0, "correct": false},
                                 {"index": 1, "text": "x", "answer": null, "correct": true}]}}}
                """);
        String html = Files.readString(Report.writeBeside(old));
        assertTrue(html.contains("<dd data-field=\"machine\">not recorded</dd>"), "no machine in an old file");
        assertTrue(html.contains("results.json has no per-prediction positions"), "no histogram data");
        assertTrue(html.contains("data-field=\"accuracy\" data-value=\"0.5\">0.5000<"), "its figures");
    }

    @Test
    void failedProblemsShowTheirReason() throws IOException {
        Path data = Files.writeString(dir.resolve("data.jsonl"), "{\"question\": \"a\", \"answer\": \"#### 1\"}\n"
                + "{\"question\": \"\", \"answer\": \"#### 2\"}\n");
        ModeRunner codi = (batch, sample) -> batch.stream().map(p -> {
            if (p.question().isEmpty()) throw new IllegalArgumentException("prompt must not be empty or blank");
            return TestAnswers.of("The answer is: 1", 8, 5.0, 4);
        }).toList();
        Path out = dir.resolve("failed");
        new BenchRunner(new PrintStream(new ByteArrayOutputStream()), false, () -> 0L).run(new BenchSpec(Optional.empty(), data,
                DatasetFormat.AUTO, Integer.MAX_VALUE, List.of("codi"), 2, out, 1, 0, ModeOptions.defaults()), Map.of("codi", codi));
        String html = Files.readString(Report.writeBeside(out));
        assertTrue(html.contains("data-field=\"failed\" data-value=\"1.0\">1<"), "the count in the table");
        assertTrue(html.contains("\"e\":\"prompt must not be empty or blank\""), "the reason in the problem list");
    }

    @Test
    void aDirectoryWithoutResultsIsNamed() {
        var e = assertThrows(IOException.class, () -> Report.writeBeside(dir));
        assertEquals(dir.resolve("results.json") + ": no such file", e.getMessage());
    }

    @Test
    void passAtKIsTheUnbiasedEstimate() {
        assertEquals(0.5, PassAtK.estimate(2, 1, 1));
        assertEquals(1.0, PassAtK.estimate(2, 1, 2));
        assertEquals(1 - 3.0 / 10, PassAtK.estimate(5, 2, 2), 1e-15); // 1 - C(3,2)/C(5,2)
        assertEquals(0.0, PassAtK.estimate(4, 0, 3));
    }

    @Test
    void embeddedJsonCannotCloseItsScriptElement() {
        assertEquals("{\"t\":\"<\\/script><\\!--\"}", Html.scriptSafeJson("{\"t\":\"</script><!--\"}"));
    }

    private Path bench(Path out, int samples, List<String> modes) throws IOException {
        Path data = Files.writeString(dir.resolve("data.jsonl"), "{\"question\": \"a\", \"answer\": \"#### 1\"}\n"
                + "{\"question\": \"b\", \"answer\": \"#### 2\"}\n");
        long[] clock = {0};
        Map<String, ModeRunner> runners = new LinkedHashMap<>();
        for (String m : modes) {
            runners.put(m, (batch, sample) -> batch.stream().map(p -> {
                clock[0] += 1_000_000L;
                return TestAnswers.of("The answer is: " + (p.index() + sample), 3 + sample, 5.0 + sample, 4);
            }).toList());
        }
        new BenchRunner(new PrintStream(new ByteArrayOutputStream()), false, () -> clock[0]).run(new BenchSpec(
                Optional.empty(), data, DatasetFormat.AUTO, Integer.MAX_VALUE, modes, 1, out, samples, 0,
                ModeOptions.defaults()), runners);
        return out;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }
}
