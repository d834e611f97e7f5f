package dev.latentj.soft;

import dev.latentj.sampling.Softmax;

/**
 * Jensen-Shannon divergence in nats, paper 2's probe of how much a soft input differs from its top-1 / top-2
 * one-hot inputs (docs/methods.md §3.3): JS(P, Q) = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2, bounded by ln 2.
 */
public final class JsDivergence {

    private JsDivergence() {}

    /**
     * {@return JS(p, q) in nats, clamped to [0, ln 2]}
     *
     * @param p a distribution
     * @param q a distribution over the same entries
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double js(double[] p, double[] q) {
        if (p.length != q.length) throw new IllegalArgumentException("distributions of " + p.length + " and " + q.length + " entries");
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            // 0·log 0 = 0; where p_i > 0, m >= p_i/2 > 0, so the log is finite
            if (p[i] > 0) js += 0.5 * p[i] * Math.log(p[i] / m);
            if (q[i] > 0) js += 0.5 * q[i] * Math.log(q[i] / m);
        }
        return Math.min(Math.max(js, 0.0), Math.log(2)); // rounding can leave it a hair outside [0, ln 2]
    }

    /**
     * {@return JS between softmax(a / T) and softmax(b / T) over the full vocabulary, as S2a compares the next-step
     * rows}
     *
     * @param a           one row of logits
     * @param b           another row, of the same length
     * @param temperature T, &gt; 0
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double fromLogits(float[] a, float[] b, float temperature) {
        if (a.length != b.length) throw new IllegalArgumentException("logits of " + a.length + " and " + b.length + " entries");
        return js(Softmax.probs(a, temperature, 0), Softmax.probs(b, temperature, 0));
    }
}
