package dev.latentj.report;

import java.util.Locale;

/** Escaping and number formatting for the report's HTML and SVG. */
final class Html {
    private Html() {}

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code v} with {@code decimals} digits after the point, locale-independent. */
    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A coordinate: one decimal is finer than a pixel and keeps the SVG short. */
    static String px(double v) {
        return fixed(v, 1);
    }

    /**
     * JSON for a {@code <script type="application/json">} element: "</" would end the element early, and
     * "<\/" means the same inside a JSON string (outside strings JSON has no "<").
     */
    static String scriptSafeJson(String json) {
        return json.replace("</", "<\\/").replace("<!--", "<\\!--");
    }
}
