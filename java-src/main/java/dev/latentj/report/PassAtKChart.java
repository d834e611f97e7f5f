package dev.latentj.report;

import java.util.ArrayList;
import java.util.List;

/** pass@k against k, one panel per sampled mode and one line per run: how much more sampling buys. */
final class PassAtKChart {
    private PassAtKChart() {}

    private static final int WIDTH = 360, HEIGHT = 230;

    /** One SVG per sampled mode; empty when no mode ran more than one sample. */
    static List<String> panels(List<Run> runs) {
        List<String> out = new ArrayList<>();
        for (String mode : PassAtK.sampledModes(runs)) out.add(panel(runs, mode));
        return out;
    }

    private static String panel(List<Run> runs, String mode) {
        List<double[]> curves = new ArrayList<>();
        int maxK = 1;
        List<Double> all = new ArrayList<>();
        for (Run r : runs) {
            ResultsFile.ModeStats m = r.results().modes().get(mode);
            double[] c = m == null || m.runs() < 2 ? new double[0] : PassAtK.curve(m);
            curves.add(c);
            maxK = Math.max(maxK, c.length);
            for (double v : c) all.add(v);
        }
        Axis x = Axis.integers(1, Math.max(2, maxK), Plot.LEFT, WIDTH - Plot.RIGHT);
        Axis y = Axis.fit(all.stream().mapToDouble(Double::doubleValue).toArray(), HEIGHT - Plot.BOTTOM, Plot.TOP, true);
        Svg svg = new Svg(WIDTH, HEIGHT, "chart pass-at-k", "pass@k of " + mode);
        new Plot(svg, x, y).frame(mode, "k (samples)", "pass@k");
        for (int s = 0; s < runs.size(); s++) {
            double[] c = curves.get(s);
            if (c.length == 0) continue;
            double[] xs = new double[c.length], ys = new double[c.length];
            StringBuilder title = new StringBuilder(runs.size() > 1 ? runs.get(s).label() + ": " : "");
            for (int k = 1; k <= c.length; k++) {
                xs[k - 1] = x.map(k);
                ys[k - 1] = y.map(c[k - 1]);
                title.append(k == 1 ? "" : ", ").append("pass@").append(k).append(' ').append(Html.fixed(c[k - 1], 4));
            }
            svg.polyline(xs, ys, "line", Run.colour(runs, s, mode), title.toString());
        }
        return svg.end();
    }
}
