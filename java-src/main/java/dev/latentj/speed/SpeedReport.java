package dev.latentj.speed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of one {@code latentj speed} call: llama-bench's markdown table, or the JSON
 * {@code {"model", "backend", "threads", "results": [{"test", "depth", "batch", "tokens_per_s", "stddev", "runs"}]}}.
 *
 * @param model the model as given (a path, or "default" for the embedded model)
 */
public record SpeedReport(String model, ModelSummary summary, String backend, int threads, List<SpeedResult> results) {

    public SpeedReport {
        results = List.copyOf(results);
    }

    public ObjectNode json() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("model", model);
        o.put("backend", backend);
        o.put("threads", threads);
        ArrayNode rs = o.putArray("results");
        for (SpeedResult r : results) {
            ObjectNode j = rs.addObject();
            j.put("test", r.test().name());
            j.put("depth", r.test().depth());
            j.put("batch", r.test().batch());
            j.put("tokens_per_s", round(r.mean()));
            j.put("stddev", round(r.stddev()));
            j.put("runs", r.runs());
        }
        return o;
    }

    /** llama-bench's table: text columns left-aligned, numbers right-aligned. */
    public String table() {
        String[] head = {"model", "size", "params", "backend", "threads", "batch", "test", "t/s"};
        boolean[] right = {false, true, true, false, true, true, true, true};
        List<String[]> rows = new ArrayList<>();
        for (SpeedResult r : results) {
            rows.add(new String[] {summary.description(), String.format(Locale.ROOT, "%.2f MiB", summary.bytes() / 1048576.0),
                    String.format(Locale.ROOT, "%.2f %s", summary.parameters() >= 1e9 ? summary.parameters() / 1e9 : summary.parameters() / 1e6,
                            summary.parameters() >= 1e9 ? "B" : "M"),
                    backend, Integer.toString(threads), Integer.toString(r.test().batch()), r.test().label(),
                    String.format(Locale.ROOT, "%.2f ± %.2f", r.mean(), r.stddev())});
        }
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            w[c] = head[c].length();
            for (String[] row : rows) w[c] = Math.max(w[c], row[c].length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, head, w, right);
        String[] rule = new String[head.length];
        for (int c = 0; c < head.length; c++) rule[c] = "-".repeat(Math.max(1, w[c] - (right[c] ? 1 : 0))) + (right[c] ? ":" : "");
        line(sb, rule, w, new boolean[head.length]);
        for (String[] row : rows) line(sb, row, w, right);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w, boolean[] right) {
        sb.append('|');
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(w[c] - cells[c].length());
            sb.append(' ').append(right[c] ? pad + cells[c] : cells[c] + pad).append(" |");
        }
        sb.append('\n');
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
