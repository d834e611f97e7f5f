package dev.latentj.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How many reasoning positions the generations used: one panel per mode, one bar series per run. CODI spends a
 * fixed number of positions, token CoT and Soft Thinking a varying one; the panels show that spread.
 */
final class PositionsHistogram {
    private PositionsHistogram() {}

    private static final int WIDTH = 360, HEIGHT = 230, MAX_BINS = 24, MIN_BINS = 9;

    /**
     * Equal-width integer bins from {@code lo}: one per value while they fit, else wider. A narrow range is
     * widened to {@link #MIN_BINS} around its values (never below 0), so one constant value (CODI's) is a bar,
     * not a block filling the panel.
     */
    record Bins(int lo, int width, int count) {
        static Bins cover(int min, int max) {
            if (max - min + 1 < MIN_BINS) {
                min = Math.max(0, min - (MIN_BINS - (max - min + 1)) / 2);
                max = Math.max(max, min + MIN_BINS - 1);
            }
            int span = max - min + 1;
            int width = span <= MAX_BINS ? 1 : (int) Math.ceil(Axis.niceStep(span / (double) MAX_BINS));
            int lo = Math.floorDiv(min, width) * width;
            return new Bins(lo, width, Math.floorDiv(max - lo, width) + 1);
        }

        int[] counts(List<Integer> values) {
            int[] c = new int[count];
            for (int v : values) c[(v - lo) / width]++;
            return c;
        }

        String label(int bin) {
            int from = lo + bin * width;
            return width == 1 ? Integer.toString(from) : from + "–" + (from + width - 1);
        }
    }

    /** One SVG per mode, in the order the modes first appear. */
    static List<String> panels(List<Run> runs) {
        List<String> out = new ArrayList<>();
        for (String mode : Run.modes(runs)) out.add(panel(runs, mode));
        return out;
    }

    private static String panel(List<Run> runs, String mode) {
        List<List<Integer>> series = new ArrayList<>();
        int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
        for (Run r : runs) {
            ResultsFile.ModeStats m = r.results().modes().get(mode);
            List<Integer> v = m == null ? List.of() : m.predictions().stream()
                    .map(ResultsFile.Prediction::reasoningPositions).filter(Objects::nonNull).toList();
            series.add(v);
            for (int p : v) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
        }
        Svg svg = new Svg(WIDTH, HEIGHT, "chart histogram", "reasoning positions of " + mode);
        if (min > max) {
            return svg.text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "empty",
                    mode + ": results.json has no per-prediction positions").end();
        }
        Bins bins = Bins.cover(min, max);
        List<int[]> counts = series.stream().map(bins::counts).toList();
        int top = counts.stream().flatMapToInt(Arrays::stream).max().orElse(1);
        double left = Plot.LEFT, right = WIDTH - Plot.RIGHT;
        Axis y = Axis.integers(0, top, HEIGHT - Plot.BOTTOM, Plot.TOP);
        svg.text((left + right) / 2, Plot.TOP - 10, "middle", "chart-title", mode);
        for (double t : y.ticks()) {
            svg.line(left, y.map(t), right, y.map(t), "grid");
            svg.text(left - 6, y.map(t) + 4, "end", "tick", y.label(t));
        }
        double binPx = (right - left) / bins.count();
        double barPx = binPx * 0.85 / runs.size();
        // as many bin labels as fit side by side, at about 7 px a character
        double labelPx = bins.label(bins.count() - 1).length() * 7 + 8;
        int labelEvery = Math.max(1, (int) Math.ceil(labelPx / binPx));
        for (int b = 0; b < bins.count(); b++) {
            double bx = left + b * binPx;
            for (int s = 0; s < runs.size(); s++) {
                int c = counts.get(s)[b];
                if (c == 0) continue;
                String who = runs.size() > 1 ? runs.get(s).label() + ": " : "";
                svg.rect(bx + binPx * 0.075 + s * barPx, y.map(c), barPx, y.fromPx() - y.map(c), "bar",
                        Run.colour(runs, s, mode), who + c + " generations with " + bins.label(b) + " positions");
            }
            if (b % labelEvery == 0) svg.text(bx + binPx / 2, y.fromPx() + 17, "middle", "tick", bins.label(b));
        }
        svg.line(left, y.fromPx(), right, y.fromPx(), "axis");
        svg.text((left + right) / 2, y.fromPx() + 36, "middle", "axis-title", "reasoning positions");
        svg.verticalText(14, (y.fromPx() + y.toPx()) / 2, "axis-title", "generations");
        return svg.end();
    }
}
