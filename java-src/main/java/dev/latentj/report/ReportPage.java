package dev.latentj.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import static dev.latentj.report.Html.escape;

/**
 * The report as one self-contained HTML page: the runs' header, the table per mode, the charts as inline SVG,
 * and the problem list (embedded JSON, drawn by the inline script). Nothing is fetched: the page works offline.
 */
final class ReportPage {
    private ReportPage() {}

    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");

    static String html(List<Run> runs) {
        StringBuilder sb = new StringBuilder(1 << 16);
        String title = runs.size() == 1 ? "latentj bench: " + runs.getFirst().label()
                : "latentj bench: " + runs.size() + " runs";
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title><style>").append(CSS).append("</style></head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        header(sb, runs);
        table(sb, runs);
        charts(sb, runs);
        problems(sb, runs);
        return sb.append("</body></html>\n").toString();
    }

    private static void header(StringBuilder sb, List<Run> runs) {
        sb.append("<div class=\"runs\">\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            ResultsFile r = run.results();
            sb.append("<section class=\"run\"><h3>");
            if (runs.size() > 1) sb.append("<span class=\"swatch\" style=\"background:").append(Palette.colour(i)).append("\"></span>");
            sb.append(escape(run.label())).append("</h3><dl>");
            item(sb, "model", r.model());
            item(sb, "dataset", r.dataset());
            item(sb, "backend", r.backend());
            item(sb, "machine", machine(r.machine()));
            item(sb, "settings", settings(r.settings()));
            sb.append("</dl></section>\n");
        }
        sb.append("</div>\n");
    }

    private static void item(StringBuilder sb, String name, String value) {
        sb.append("<dt>").append(name).append("</dt><dd data-field=\"").append(name).append("\">")
                .append(escape(value == null || value.isEmpty() ? "not recorded" : value)).append("</dd>");
    }

    private static String machine(JsonNode m) {
        if (m == null || !m.isObject()) return null;
        return m.path("cpu").asText("?") + ", " + m.path("cores").asText("?") + " cores, " + m.path("os").asText("?")
                + ", Java " + m.path("java").asText("?");
    }

    private static String settings(JsonNode s) {
        if (s == null || !s.isObject()) return null;
        StringBuilder sb = new StringBuilder();
        s.properties().forEach(e -> sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                .append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        return sb.toString();
    }

    /** A column of the table: its heading, the results.json field, the figure and its decimals. */
    private record Column(String heading, String field, ToDoubleFunction<ResultsFile.ModeStats> value, int decimals) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("n", "n", ResultsFile.ModeStats::n, 0),
            new Column("accuracy", "accuracy", ResultsFile.ModeStats::accuracy, 4),
            new Column("failed", "failed", m -> m.failed() == null || m.failed() == 0 ? Double.NaN : m.failed(), 0),
            new Column("pass@k", "pass_at_k", m -> m.passAtK() == null ? Double.NaN : m.passAtK(), 4),
            new Column("reasoning positions", "mean_reasoning_positions", ResultsFile.ModeStats::meanReasoningPositions, 2),
            new Column("answer tokens", "mean_answer_tokens", m -> m.meanAnswerTokens() == null ? Double.NaN : m.meanAnswerTokens(), 2),
            new Column("latency p50 ms", "latency_ms_p50", ResultsFile.ModeStats::latencyMsP50, 1),
            new Column("latency p95 ms", "latency_ms_p95", ResultsFile.ModeStats::latencyMsP95, 1),
            new Column("problems/s", "problems_per_s", ResultsFile.ModeStats::problemsPerS, 2));

    /**
     * Each figure's cell carries the exact results.json value in {@code data-value}; the text shows it rounded.
     * The browser test checks both against the file.
     */
    private static void table(StringBuilder sb, List<Run> runs) {
        sb.append("<h2>Per mode</h2>\n<table class=\"summary\" id=\"summary\"><thead><tr><th>run</th><th>mode</th>");
        for (Column c : COLUMNS) sb.append("<th>").append(c.heading()).append("</th>");
        sb.append("</tr></thead><tbody>\n");
        for (Run run : runs) {
            for (Map.Entry<String, ResultsFile.ModeStats> e : run.results().modes().entrySet()) {
                ResultsFile.ModeStats m = e.getValue();
                sb.append("<tr><td>").append(escape(run.label())).append("</td><td>").append(escape(e.getKey()));
                if (m.samples() != null) sb.append(" <span class=\"note\">(").append(m.samples()).append(" samples)</span>");
                sb.append("</td>");
                for (Column c : COLUMNS) {
                    double v = c.value().applyAsDouble(m);
                    if (Double.isNaN(v)) {
                        sb.append("<td class=\"none\">–</td>");
                        continue;
                    }
                    String shown = Html.fixed(v, c.decimals())
                            + (c.field().equals("pass_at_k") ? " <span class=\"note\">(k=" + m.samples() + ")</span>" : "");
                    sb.append("<td data-run=\"").append(escape(run.label())).append("\" data-mode=\"").append(escape(e.getKey()))
                            .append("\" data-field=\"").append(c.field()).append("\" data-value=\"").append(v)
                            .append("\">").append(shown).append("</td>");
                }
                sb.append("</tr>\n");
            }
        }
        sb.append("</tbody></table>\n<p class=\"note\">accuracy of a sampled mode is its mean pass@1. Latency is per "
                + "problem (nearest-rank percentiles); reasoning positions and answer tokens are means over every "
                + "generation. A failed problem could not run (its reason is in the problem list): it counts as wrong, "
                + "and the means and percentiles leave it out.</p>\n");
    }

    private static void charts(StringBuilder sb, List<Run> runs) {
        sb.append("<h2>Accuracy vs latency</h2>\n<div class=\"charts\" id=\"accuracy-latency\">")
                .append(AccuracyLatencyChart.svg(runs)).append("</div>\n");
        sb.append("<h2>Reasoning positions per generation</h2>\n<div class=\"charts\" id=\"histograms\">");
        PositionsHistogram.panels(runs).forEach(sb::append);
        sb.append("</div>\n");
        List<String> passAtK = PassAtKChart.panels(runs);
        if (!passAtK.isEmpty()) {
            sb.append("<h2>pass@k</h2>\n<p class=\"note\">unbiased estimate from the samples of each problem "
                    + "(Chen et al. 2021); pass@1 is the mean accuracy.</p>\n<div class=\"charts\" id=\"pass-at-k\">");
            passAtK.forEach(sb::append);
            sb.append("</div>\n");
        }
    }

    private static void problems(StringBuilder sb, List<Run> runs) {
        sb.append("<h2>Problems</h2>\n<div class=\"controls\"><select id=\"run\" aria-label=\"run\"></select>")
                .append("<input type=\"search\" id=\"search\" placeholder=\"filter: words of the question or an answer, or a problem number\">")
                .append("<select id=\"show\" aria-label=\"show\"></select><span id=\"count\" class=\"note\"></span></div>\n")
                .append("<ol id=\"problem-list\"></ol><button id=\"more\" hidden></button>\n")
                .append("<script type=\"application/json\" id=\"problem-data\">").append(ProblemListData.json(runs))
                .append("</script>\n<script>").append(JS).append("</script>\n");
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
