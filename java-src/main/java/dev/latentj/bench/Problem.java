package dev.latentj.bench;

import java.util.Map;
import java.util.Objects;

/**
 * One benchmark problem.
 *
 * @param index    0-based position in the dataset file (kept through {@code --limit}, so runs line up across modes)
 * @param question the question as the model sees it: CODI's {@code strip().replace('  ', ' ')} already applied
 * @param gold     the gold answer as a double (CODI compares floats)
 * @param goldText the raw answer field the gold was read from, e.g. a whole GSM8K solution
 * @param extras   the row's other fields as text (e.g. {@code cot}, {@code reference_codi_text}); never null
 */
public record Problem(int index, String question, double gold, String goldText, Map<String, String> extras) {
    public Problem {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(goldText, "goldText");
        if (Double.isNaN(gold)) throw new IllegalArgumentException("gold answer of problem " + index + " is NaN");
        extras = Map.copyOf(extras);
    }

    public Problem(int index, String question, double gold) {
        this(index, question, gold, format(gold), Map.of());
    }

    /** An extra field of the source row, e.g. {@code extra("reference_codi_text")}, or null when absent. */
    public String extra(String name) {
        return extras.get(name);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
