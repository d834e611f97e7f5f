package dev.latentj.serve;

import dev.latentj.sampling.TopK;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device reduction of one decode ({@code Session.setReduce}): top-{@code k} of softmax(logits / temperature)
 * over ids below {@code vocabLimit}, and always the argmax over the same ids. {@code k} 0 reduces to the argmax only.
 */
record Reduction(int k, float temperature, int vocabLimit) {

    static final Reduction GREEDY = new Reduction(0, 1f, 0);

    /** Whether this reduction gives exactly what {@code want} asks for (a top-k is a prefix of a larger one). */
    boolean serves(Want want) {
        return switch (want) {
            case Want.Argmax a -> a.vocabLimit() == vocabLimit;
            case Want.TopK t -> t.vocabLimit() == vocabLimit && t.temperature() == temperature && t.k() <= k;
            case Want.Hidden h -> true;
        };
    }

    /**
     * The setting that serves the most rows: rows are grouped by (temperature, vocabulary limit), greedy rows join
     * any group with their limit, and the group's k is its largest. Ties go to the group seen first, so a batch's
     * choice depends only on its rows in order.
     */
    static Reduction choose(List<Want> wants) {
        Map<Reduction, Integer> votes = new LinkedHashMap<>();
        for (Want w : wants) {
            if (w instanceof Want.TopK t) votes.merge(new Reduction(0, t.temperature(), t.vocabLimit()), 1, Integer::sum);
        }
        if (votes.isEmpty()) {
            for (Want w : wants) {
                if (w instanceof Want.Argmax a) votes.merge(new Reduction(0, 1f, a.vocabLimit()), 1, Integer::sum);
            }
            return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(GREEDY);
        }
        Reduction best = null;
        int bestVotes = -1;
        for (Map.Entry<Reduction, Integer> e : votes.entrySet()) {
            Reduction g = e.getKey();
            int n = e.getValue();
            int k = 0;
            for (Want w : wants) {
                if (w instanceof Want.Argmax a && a.vocabLimit() == g.vocabLimit) n++;
                if (w instanceof Want.TopK t && t.temperature() == g.temperature && t.vocabLimit() == g.vocabLimit) k = Math.max(k, t.k());
            }
            if (n > bestVotes) {
                best = new Reduction(Math.min(k, TopK.MAX_DEVICE_K), g.temperature, g.vocabLimit);
                bestVotes = n;
            }
        }
        return best;
    }
}
