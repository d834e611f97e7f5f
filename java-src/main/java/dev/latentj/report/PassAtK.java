package dev.latentj.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pass@k for k = 1..K from a mode's K samples per problem, with the unbiased estimator of Chen et al. (2021,
 * "Evaluating Large Language Models Trained on Code"): per problem with c of n samples right,
 * 1 - C(n-c, k) / C(n, k), averaged over problems. At k = 1 it is the mean pass@1; at k = K it is bench's
 * pass_at_k (a problem counts when any sample got it).
 */
final class PassAtK {
    private PassAtK() {}

    /** pass@k for k = 1..samples; index k-1. */
    static double[] curve(ResultsFile.ModeStats mode) {
        int samples = mode.runs();
        Map<Integer, Integer> right = new HashMap<>();
        for (ResultsFile.Prediction p : mode.predictions()) right.merge(p.index(), p.correct() ? 1 : 0, Integer::sum);
        double[] curve = new double[samples];
        for (int k = 1; k <= samples; k++) {
            double sum = 0;
            for (int c : right.values()) sum += estimate(samples, c, k);
            curve[k - 1] = mode.n() == 0 ? 0 : sum / mode.n();
        }
        return curve;
    }

    /** 1 - C(n-c, k) / C(n, k) as a product, which neither overflows nor loses precision. */
    static double estimate(int n, int c, int k) {
        if (n - c < k) return 1.0;
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) allWrong *= 1.0 - (double) k / i;
        return 1.0 - allWrong;
    }

    /** The modes that ran more than one sample in any run. */
    static List<String> sampledModes(List<Run> runs) {
        return Run.modes(runs).stream().filter(m -> runs.stream()
                .map(r -> r.results().modes().get(m)).anyMatch(s -> s != null && s.runs() > 1)).toList();
    }
}
