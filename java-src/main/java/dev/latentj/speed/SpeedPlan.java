package dev.latentj.speed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The tests of one {@code latentj speed} call, in llama-bench's order: for each batch and depth, the prompt tests,
 * then each generation length with each kind of step.
 */
public final class SpeedPlan {
    private SpeedPlan() {}

    /** A 0 in {@code prompts} or {@code gens} means no such test, as in llama-bench ({@code -p 0}, {@code -n 0}). */
    public static List<SpeedTest> tests(List<Integer> prompts, List<Integer> gens, List<Integer> depths,
                                        List<Integer> batches, List<SpeedTest.Kind> steps) {
        for (SpeedTest.Kind k : steps) {
            if (k == SpeedTest.Kind.PROMPT) throw new IllegalArgumentException("prompt processing is not a step kind");
        }
        List<SpeedTest> tests = new ArrayList<>();
        for (int b : distinct(batches)) {
            for (int d : distinct(depths)) {
                for (int p : distinct(prompts)) {
                    if (p > 0) tests.add(new SpeedTest(SpeedTest.Kind.PROMPT, p, d, b));
                }
                for (int n : distinct(gens)) {
                    if (n == 0) continue;
                    for (SpeedTest.Kind k : new LinkedHashSet<>(steps)) tests.add(new SpeedTest(k, n, d, b));
                }
            }
        }
        return tests;
    }

    private static List<Integer> distinct(List<Integer> v) {
        return List.copyOf(new LinkedHashSet<>(v));
    }
}
