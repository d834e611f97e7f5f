package dev.latentj.report;

import static dev.latentj.report.Html.escape;
import static dev.latentj.report.Html.px;

/**
 * A small SVG writer for the report's charts. Every element can carry a {@code <title>} (the browser shows it on
 * hover) and a class the page's stylesheet and the browser test select on.
 */
final class Svg {
    private final StringBuilder sb = new StringBuilder();

    Svg(int width, int height, String cssClass, String title) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(cssClass).append("\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\">");
    }

    Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        sb.append("<line class=\"").append(cssClass).append("\" x1=\"").append(px(x1)).append("\" y1=\"").append(px(y1))
                .append("\" x2=\"").append(px(x2)).append("\" y2=\"").append(px(y2)).append("\"/>");
        return this;
    }

    Svg rect(double x, double y, double w, double h, String cssClass, String fill, String title) {
        sb.append("<rect class=\"").append(cssClass).append("\" x=\"").append(px(x)).append("\" y=\"").append(px(y))
                .append("\" width=\"").append(px(w)).append("\" height=\"").append(px(h)).append("\" fill=\"")
                .append(fill).append("\">");
        return titled(title, "rect");
    }

    Svg circle(double cx, double cy, double r, String cssClass, String fill, String title) {
        sb.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(px(cx)).append("\" cy=\"")
                .append(px(cy)).append("\" r=\"").append(px(r)).append("\" fill=\"").append(fill).append("\">");
        return titled(title, "circle");
    }

    /** A polyline through the points, with a dot at each. */
    Svg polyline(double[] xs, double[] ys, String cssClass, String stroke, String title) {
        sb.append("<path class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(stroke)
                .append("\" d=\"");
        for (int i = 0; i < xs.length; i++) sb.append(i == 0 ? "M" : " L").append(px(xs[i])).append(' ').append(px(ys[i]));
        sb.append("\">");
        titled(title, "path");
        for (int i = 0; i < xs.length; i++) circle(xs[i], ys[i], 3, "dot", stroke, null);
        return this;
    }

    /** @param anchor start, middle or end */
    Svg text(double x, double y, String anchor, String cssClass, String text) {
        sb.append("<text class=\"").append(cssClass).append("\" x=\"").append(px(x)).append("\" y=\"").append(px(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(escape(text)).append("</text>");
        return this;
    }

    /** Text rotated a quarter turn, for a y-axis label. */
    Svg verticalText(double x, double y, String cssClass, String text) {
        sb.append("<text class=\"").append(cssClass).append("\" text-anchor=\"middle\" transform=\"translate(")
                .append(px(x)).append(' ').append(px(y)).append(") rotate(-90)\">").append(escape(text)).append("</text>");
        return this;
    }

    private Svg titled(String title, String element) {
        if (title != null) sb.append("<title>").append(escape(title)).append("</title>");
        sb.append("</").append(element).append('>');
        return this;
    }

    String end() {
        return sb + "</svg>";
    }
}
