package dev.latentj.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear or log10 axis from data values to pixels, with round tick values (1, 2, 5 times a power of ten).
 * A log axis is used when the values span more than a factor of 20: latencies of CODI and token CoT differ
 * by orders of magnitude, and a linear axis would squash the fast modes into one corner.
 */
record Axis(double lo, double hi, double step, double fromPx, double toPx, boolean log) {

    /** A linear axis of whole numbers (counts, k): ticks never fall between two integers. */
    static Axis integers(int lo, int hi, double fromPx, double toPx) {
        double step = Math.max(1, niceStep(Math.max(1, hi - lo) / 5.0));
        return new Axis(lo, lo + Math.ceil(Math.max(1, hi - lo) / step) * step, step, fromPx, toPx, false);
    }

    /** An axis covering {@code values} (and {@code includeZero}), log when they span decades. */
    static Axis fit(double[] values, double fromPx, double toPx, boolean includeZero) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (values.length == 0) {
            min = 0;
            max = 1;
        }
        if (!includeZero && min > 0 && max / min > 20) {
            return new Axis(Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max))), 10,
                    fromPx, toPx, true);
        }
        if (includeZero) min = Math.min(0, min);
        if (max - min < 1e-12) max = min + 1;
        double step = niceStep((max - min) / 5);
        return new Axis(Math.floor(min / step) * step, Math.ceil(max / step) * step, step, fromPx, toPx, false);
    }

    double map(double v) {
        double t = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        return fromPx + t * (toPx - fromPx);
    }

    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double v = lo; v <= hi * 1.0001; v *= 10) out.add(v);
            return out;
        }
        for (int i = 0; lo + i * step <= hi + step * 1e-9; i++) out.add(lo + i * step);
        return out;
    }

    /** A tick label: no more decimals than the tick step needs. */
    String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(log ? v : step) - 1e-9));
        return Html.fixed(v, decimals);
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }
}
