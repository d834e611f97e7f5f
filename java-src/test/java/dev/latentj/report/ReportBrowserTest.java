package dev.latentj.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.bench.BenchRunner;
import dev.latentj.bench.BenchSpec;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.reason.Answer;
import dev.latentj.reason.ModeOptions;
import dev.latentj.bench.ModeRunner;
import dev.latentj.cli.Main;
import dev.latentj.testing.Chromium;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of a real bench run, opened in headless Chromium: the charts are drawn, the numbers on the page
 * equal results.json, the problem list renders and filters, nothing is fetched from the network. Screenshots go
 * to target/report-browser/. A second, synthetic run of 1,000 problems measures how soon its list is ready.
 */
class ReportBrowserTest {
    private static final Path SHOTS = Path.of("target", "report-browser");
    private static final Pattern CELL = Pattern.compile(
            "<td data-run=\"[^\"]*\" data-mode=\"([^\"]+)\" data-field=\"([^\"]+)\" data-value=\"([^\"]+)\">([^<]*)");

    @TempDir
    Path dir;

    @Test
    void realBenchReportShowsTheJsonNumbers() throws Exception {
        Path gsm8k = Fixtures.shared("data/gsm8k/test.jsonl");
        Chromium chromium = Chromium.require(dir);
        Path out = dir.resolve("gsm8k-20");
        assertEquals(0, Main.run("bench", "--dataset", gsm8k.toString(), "--limit", "20",
                "--modes", "codi,cot-greedy,soft-gumbel", "--samples", "2", "--out", out.toString()));
        Path results = out.resolve("results.json");
        ResultsSchema.assertValid(results);
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        Path report = out.resolve("report.html");
        String source = Files.readString(report);
        assertOffline(source);

        String dom = chromium.dumpDom(report.toUri(), 2000);
        assertTableEqualsJson(dom, json);
        assertChartsDrawn(dom, json);
        assertEquals(20, count(dom, "<details class=\"problem\" data-index=\""), "the script drew every problem");
        assertTrue(dom.contains("data-field=\"backend\">" + json.get("backend").asText() + "<"), "header: backend");

        int codiWrong = 0;
        for (JsonNode p : json.get("modes").get("codi").get("predictions")) if (!p.get("correct").asBoolean()) codiWrong++;
        String filtered = chromium.dumpDom(URI.create(report.toUri() + "#show=wrong:codi"), 2000);
        assertEquals(codiWrong, count(filtered, "<details class=\"problem\" data-index=\""), "filter 'codi wrong'");

        String opened = chromium.dumpDom(URI.create(report.toUri() + "#open=0"), 2000);
        List<String> texts = new ArrayList<>();
        for (JsonNode mode : json.get("modes")) {
            for (JsonNode p : mode.get("predictions")) if (p.get("index").asInt() == 0) texts.add(p.get("text").asText());
        }
        assertEquals(texts.size(), count(opened, "<div class=\"sample\">"), "problem 0 opened: one box per prediction");
        for (String t : texts) assertTrue(opened.contains("<pre>" + domText(t) + "</pre>"), "problem 0 shows " + t);

        chromium.screenshot(URI.create(report.toUri() + "#open=0"), SHOTS.resolve("report.png"), 1300, 2400, 2000);
    }

    /** Text as Chromium serialises a text node. */
    private static String domText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;");
    }

    @Test
    void thousandProblemsOpenQuickly() throws Exception {
        Path gsm8k = Fixtures.shared("data/gsm8k/test.jsonl");
        Chromium chromium = Chromium.require(dir);
        Path out = dir.resolve("gsm8k-1000");
        long[] clock = {0};
        Map<String, ModeRunner> runners = new LinkedHashMap<>();
        for (String mode : List.of("codi", "cot-greedy", "soft-gumbel")) {
            // the gold solution as the "reasoning": GSM8K-length texts, right about half the time
            runners.put(mode, (batch, sample) -> batch.stream().map(p -> {
                clock[0] += 7_000_000L;
                String text = (p.index() + sample) % 2 == 0 ? p.goldText() : p.goldText() + " The answer is: -1";
                return TestAnswers.of(text, 6 + (p.index() * 7 + sample) % 90, 7.0 + p.index() % 50, 12);
            }).toList());
        }
        var spec = new BenchSpec(Optional.empty(), gsm8k, DatasetFormat.AUTO, 1000, List.copyOf(runners.keySet()), 1, out,
                2, 0, ModeOptions.defaults());
        new BenchRunner(new PrintStream(new ByteArrayOutputStream()), false, () -> clock[0]).run(spec, runners);
        ResultsSchema.assertValid(out.resolve("results.json"));
        Path report = Report.writeBeside(out);

        String dom = chromium.dumpDom(report.toUri(), 1000);
        assertEquals(50, count(dom, "<details class=\"problem\" data-index=\""), "the first page of the list");
        assertTrue(dom.contains("1000 of 1000 problems"), "the count covers every problem");
        Matcher ready = Pattern.compile("data-list-ready-ms=\"(\\d+)\"").matcher(dom);
        assertTrue(ready.find(), "the page records when its list was ready");
        System.out.printf("report.html of 1000 problems x 3 modes (soft-gumbel 2 samples): %.1f MB, list ready %s ms "
                + "after navigation start%n", Files.size(report) / 1e6, ready.group(1));
        chromium.screenshot(URI.create(report.toUri() + "#show=disagree"), SHOTS.resolve("report-1000.png"), 1300, 1600, 1000);
    }

    /** Every figure cell: its exact value is the JSON's, and its text is that value rounded to the shown decimals. */
    private static void assertTableEqualsJson(String dom, JsonNode json) {
        Map<String, Double> onPage = new LinkedHashMap<>();
        Matcher m = CELL.matcher(dom);
        while (m.find()) {
            String key = m.group(1) + "." + m.group(2);
            double exact = Double.parseDouble(m.group(3));
            String shown = m.group(4).strip();
            int decimals = shown.contains(".") ? shown.length() - shown.indexOf('.') - 1 : 0;
            assertEquals(exact, Double.parseDouble(shown), 0.5 * Math.pow(10, -decimals) + 1e-12, key + " shown as " + shown);
            onPage.put(key, exact);
        }
        List<String> expected = new ArrayList<>();
        json.get("modes").properties().forEach(e -> {
            for (String f : List.of("n", "accuracy", "pass_at_k", "mean_reasoning_positions", "mean_answer_tokens",
                    "latency_ms_p50", "latency_ms_p95", "problems_per_s")) {
                if (!e.getValue().has(f)) continue;
                String key = e.getKey() + "." + f;
                expected.add(key);
                assertEquals(e.getValue().get(f).asDouble(), onPage.get(key), key);
            }
        });
        assertEquals(expected, List.copyOf(onPage.keySet()), "one cell per figure of results.json");
    }

    private static void assertChartsDrawn(String dom, JsonNode json) {
        JsonNode modes = json.get("modes");
        assertEquals(modes.size(), count(dom, "<circle class=\"point\""), "one point per mode");
        modes.properties().forEach(e -> assertTrue(dom.contains("<title>" + e.getKey() + ": accuracy "
                + Html.fixed(e.getValue().get("accuracy").asDouble(), 4)), "point of " + e.getKey()));

        String[] panels = dom.split("class=\"chart histogram\"");
        assertEquals(modes.size() + 1, panels.length, "one histogram per mode");
        List<String> names = new ArrayList<>();
        modes.fieldNames().forEachRemaining(names::add);
        for (int i = 0; i < names.size(); i++) {
            String panel = panels[i + 1].substring(0, panels[i + 1].indexOf("</svg>"));
            int generations = 0;
            for (Matcher m = Pattern.compile("<title>(\\d+) generations with").matcher(panel); m.find(); ) {
                generations += Integer.parseInt(m.group(1));
            }
            assertEquals(modes.get(names.get(i)).get("predictions").size(), generations, "bars of " + names.get(i));
        }

        JsonNode soft = modes.get("soft-gumbel");
        assertEquals(1, count(dom, "class=\"chart pass-at-k\""), "a pass@k panel for the one sampled mode");
        assertTrue(dom.contains("<title>pass@1 " + Html.fixed(soft.get("mean_pass_at_1").asDouble(), 4) + ", pass@2 "
                + Html.fixed(soft.get("pass_at_k").asDouble(), 4) + "</title>"), "pass@k curve ends at pass_at_k");
    }

    /** No URL that a browser would fetch: only the SVG namespace names http at all. */
    private static void assertOffline(String html) {
        String rest = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(Pattern.compile("https?://|<link|<img|\\ssrc=|@import|url\\(").matcher(rest).find(),
                "the report references nothing outside itself");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }
}
