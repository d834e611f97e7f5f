package dev.latentj.cli;

import dev.latentj.codi.LatentProbe;
import dev.latentj.soft.JsProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/** {@code latentj probe} for people: the probes' steps as terminal tables (--json keeps the JSON). */
final class ProbeTables {
    private ProbeTables() {}

    /** One row per continuous thought, one column per rank: the token and its probability. */
    static String latents(List<LatentProbe.Step> steps, IntFunction<String> token) {
        int k = steps.stream().mapToInt(s -> s.top().size()).max().orElse(0);
        List<String> headers = new ArrayList<>(List.of("thought"));
        boolean[] right = new boolean[k + 1];
        right[0] = true;
        for (int i = 1; i <= k; i++) headers.add("top " + i);
        TextTable t = new TextTable(headers, right);
        for (LatentProbe.Step s : steps) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(s.step())));
            for (int i = 0; i < k; i++) {
                row.add(i < s.top().size() ? quoted(token.apply(s.top().get(i).id())) + " " + fixed(s.top().get(i).prob(), 3) : "");
            }
            t.row(row);
        }
        return "CODI's continuous thoughts read through the LM head (step 0: the hidden state at bot)"
                + System.lineSeparator() + t;
    }

    /** One row per soft step: its visible token and the three JS divergences (nats); with the lens, per layer. */
    static String js(List<JsProbe.Step> steps, IntFunction<String> token, String text, boolean lens) {
        List<String> headers = new ArrayList<>(List.of("step", "token", "id", "JS(soft,top1)", "JS(soft,top2)", "JS(top1,top2)"));
        if (lens) headers.addAll(List.of("lens top1 overlap per layer", "lens top2 overlap per layer"));
        boolean[] right = lens ? new boolean[] {true, false, true, true, true, true, false, false}
                : new boolean[] {true, false, true, true, true, true};
        TextTable t = new TextTable(headers, right);
        for (JsProbe.Step s : steps) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(s.step()), quoted(token.apply(s.token())),
                    Integer.toString(s.token()), fixed(s.jsSoftTop1(), 4), orDash(s.jsSoftTop2()), orDash(s.jsTop1Top2())));
            if (lens) {
                row.add(layers(s.lensTop1()));
                row.add(layers(s.lensTop2()));
            }
            t.row(row);
        }
        return "Soft Thinking's single-thread probe: JS divergence (nats) of the next-token distributions after the concept"
                + System.lineSeparator() + "token and after its top-1 / top-2 token, from the same prefix"
                + System.lineSeparator() + t + System.lineSeparator() + "text: " + quoted(text) + System.lineSeparator();
    }

    /** A token as a Java-style string literal: leading spaces and newlines are part of what the model saw. */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) sb.append(String.format(Locale.ROOT, "\\u%04x", c));
                    else sb.appendCodePoint(c);
                }
            }
        });
        return sb.append('"').toString();
    }

    private static String layers(double[] v) {
        if (v == null) return "-";
        StringBuilder sb = new StringBuilder();
        for (double x : v) sb.append(sb.isEmpty() ? "" : " ").append(fixed(x, 1));
        return sb.toString();
    }

    private static String orDash(Double v) {
        return v == null ? "-" : fixed(v, 4);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
