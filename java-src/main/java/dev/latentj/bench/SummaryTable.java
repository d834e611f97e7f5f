package dev.latentj.bench;

import java.util.Locale;
import java.util.Map;

/** The few numbers per mode a person reads first, as an aligned plain-text table. */
public final class SummaryTable {
    private SummaryTable() {}

    public static String format(BenchResults results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-16s %6s %9s %10s %9s %9s %11s%n",
                "mode", "n", "accuracy", "positions", "p50 ms", "p95 ms", "problems/s"));
        for (Map.Entry<String, ModeResult> e : results.modes().entrySet()) {
            ModeResult r = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-16s %6d %9.4f %10.2f %9s %9s %11.2f",
                    e.getKey(), r.n(), r.accuracy(), r.meanReasoningPositions(), ms(r.latencyMsP50()), ms(r.latencyMsP95()),
                    r.problemsPerS()));
            if (r.failed() > 0) sb.append(String.format(Locale.ROOT, "  (%d failed: see predictions' error)", r.failed()));
            if (r.samples() != null) {
                sb.append(String.format(Locale.ROOT, "  (%d samples: pass@%d %.4f, mean pass@1 %.4f)",
                        r.samples(), r.samples(), r.passAtK(), r.meanPassAt1()));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** A latency, or "-" when no problem ran. */
    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
