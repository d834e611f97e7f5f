package dev.latentj.report;

/**
 * The frame every chart shares: a plotting area inside margins, grid lines and tick labels from two
 * {@link Axis axes}, and the axis titles.
 */
final class Plot {
    static final int LEFT = 56, RIGHT = 16, TOP = 28, BOTTOM = 44;

    final Svg svg;
    final Axis x, y;

    Plot(Svg svg, Axis x, Axis y) {
        this.svg = svg;
        this.x = x;
        this.y = y;
    }

    /** Draws the frame: call before the data, so grid lines stay behind it. */
    Plot frame(String title, String xTitle, String yTitle) {
        svg.text((x.fromPx() + x.toPx()) / 2, TOP - 10, "middle", "chart-title", title);
        for (double t : y.ticks()) {
            double py = y.map(t);
            svg.line(x.fromPx(), py, x.toPx(), py, "grid");
            svg.text(x.fromPx() - 6, py + 4, "end", "tick", y.label(t));
        }
        for (double t : x.ticks()) {
            double px = x.map(t);
            svg.line(px, y.fromPx(), px, y.fromPx() + 4, "axis");
            svg.text(px, y.fromPx() + 17, "middle", "tick", x.label(t));
        }
        svg.line(x.fromPx(), y.fromPx(), x.toPx(), y.fromPx(), "axis");
        svg.line(x.fromPx(), y.fromPx(), x.fromPx(), y.toPx(), "axis");
        svg.text((x.fromPx() + x.toPx()) / 2, y.fromPx() + 36, "middle", "axis-title", xTitle);
        svg.verticalText(14, (y.fromPx() + y.toPx()) / 2, "axis-title", yTitle);
        return this;
    }
}
