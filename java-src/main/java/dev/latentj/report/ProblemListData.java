package dev.latentj.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The JSON the page's problem list is drawn from: per run, its problems in dataset order, each with its
 * question {@code q}, gold answer {@code g} and per mode the predictions {@code p} (text {@code t}, answer
 * {@code a}, right {@code c}, sample {@code s}, and {@code e}, why it could not run, for a failed problem). Short keys: a 1,000-problem run carries several thousand.
 */
final class ProblemListData {
    private ProblemListData() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String json(List<Run> runs) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode out = root.putArray("runs");
        for (Run run : runs) {
            ObjectNode r = out.addObject();
            r.put("label", run.label());
            ArrayNode modes = r.putArray("modes");
            run.results().modes().keySet().forEach(modes::add);
            r.set("problems", problems(run.results()));
        }
        return Html.scriptSafeJson(root.toString());
    }

    private static ArrayNode problems(ResultsFile results) {
        Map<Integer, ObjectNode> byIndex = new TreeMap<>();
        for (ResultsFile.ProblemEntry p : results.problems()) {
            problem(byIndex, p.index()).put("q", Objects.toString(p.question(), "")).put("g", p.gold());
        }
        for (var e : results.modes().entrySet()) {
            for (ResultsFile.Prediction p : e.getValue().predictions()) {
                ObjectNode problem = problem(byIndex, p.index());
                ArrayNode preds = problem.withObjectProperty("p").withArrayProperty(e.getKey());
                ObjectNode x = preds.addObject().put("t", Objects.toString(p.text(), "")).put("c", p.correct());
                if (p.answer() == null) x.putNull("a"); else x.put("a", p.answer());
                if (p.sample() != null) x.put("s", p.sample());
                if (p.error() != null) x.put("e", p.error());
            }
        }
        ArrayNode out = MAPPER.createArrayNode();
        byIndex.values().forEach(out::add);
        return out;
    }

    /** The problem's node; one that results.json lists no question for gets an empty one and no gold. */
    private static ObjectNode problem(Map<Integer, ObjectNode> byIndex, int index) {
        return byIndex.computeIfAbsent(index, i -> {
            ObjectNode n = MAPPER.createObjectNode().put("i", i).put("q", "").putNull("g");
            n.putObject("p");
            return n;
        });
    }
}
