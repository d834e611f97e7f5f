package dev.latentj.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy against latency, one point per mode (per run): the point sits at the median latency, a whisker reaches
 * to p95. Up and to the left is better.
 */
final class AccuracyLatencyChart {
    private AccuracyLatencyChart() {}

    private static final int WIDTH = 720, HEIGHT = 380;

    static String svg(List<Run> runs) {
        List<Double> latencies = new ArrayList<>(), accuracies = new ArrayList<>();
        for (Run r : runs) {
            for (ResultsFile.ModeStats m : r.results().modes().values()) {
                latencies.add(m.latencyMsP50());
                latencies.add(m.latencyMsP95());
                accuracies.add(m.accuracy());
            }
        }
        Axis x = Axis.fit(positive(latencies), Plot.LEFT, WIDTH - Plot.RIGHT - 90, false);
        // headroom above the best mode, so its label stays clear of the title; accuracy never exceeds 1
        double best = accuracies.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        Axis y = Axis.fit(new double[] {0, Math.min(1, best * 1.15 + 1e-9)}, HEIGHT - Plot.BOTTOM, Plot.TOP, true);
        Svg svg = new Svg(WIDTH, HEIGHT, "chart accuracy-latency", "accuracy against latency");
        new Plot(svg, x, y).frame("Accuracy vs latency (point: p50, whisker: p95)",
                "latency per problem, ms" + (x.log() ? " (log scale)" : ""), "accuracy");
        List<double[]> placed = new ArrayList<>();
        for (int ri = 0; ri < runs.size(); ri++) {
            Run run = runs.get(ri);
            for (var e : run.results().modes().entrySet()) {
                ResultsFile.ModeStats m = e.getValue();
                String colour = Run.colour(runs, ri, e.getKey());
                double px = x.map(Math.max(m.latencyMsP50(), x.lo())), py = y.map(m.accuracy());
                svg.line(px, py, x.map(Math.max(m.latencyMsP95(), x.lo())), py, "whisker");
                String name = runs.size() > 1 ? run.label() + " · " + e.getKey() : e.getKey();
                svg.circle(px, py, 6, "point", colour, name + ": accuracy " + Html.fixed(m.accuracy(), 4)
                        + ", p50 " + Html.fixed(m.latencyMsP50(), 1) + " ms, p95 " + Html.fixed(m.latencyMsP95(), 1) + " ms");
                double ly = freeRow(placed, px + 9, py - 8, name.length() * 7.0);
                svg.text(px + 9, ly, "start", "point-label", name);
            }
        }
        return svg.end();
    }

    /**
     * The baseline nearest {@code y} where a label of {@code width} pixels starting at {@code x} overlaps none
     * placed so far: modes with equal accuracy and similar latency would otherwise print over each other.
     */
    private static double freeRow(List<double[]> placed, double x, double y, double width) {
        double row = y;
        for (int tries = 0; tries < 20; tries++) {
            double r = row;
            boolean clash = placed.stream().anyMatch(b -> x < b[0] + b[2] && b[0] < x + width && Math.abs(b[1] - r) < 14);
            if (!clash) break;
            row += (tries % 2 == 0 ? -1 : 1) * 14 * (tries / 2 + 1);
        }
        placed.add(new double[] {x, row, width});
        return row;
    }

    /** Latencies for the axis; zero (a fake clock) cannot sit on a log axis, so it only widens a linear one. */
    private static double[] positive(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).map(v -> Math.max(v, 1e-3)).toArray();
    }
}
