package dev.latentj.codi;

import dev.latentj.engine.Session;
import dev.latentj.sampling.Softmax;

import java.util.ArrayList;
import java.util.List;

/**
 * CODI §5's probe (docs/methods.md §1.3): each continuous thought read through the LM head. Step 0 is the hidden state at
 * bot (it produces the first latent); step i is the hidden state after the i-th fed latent.
 */
public final class LatentProbe {
    private LatentProbe() {}

    /**
     * A token and its probability under softmax(logits).
     *
     * @param id   the token id
     * @param prob its probability
     */
    public record Token(int id, double prob) {}

    /**
     * One probed step and its most probable tokens.
     *
     * @param step the hidden state's index: 0 at bot, i after the i-th latent
     * @param top  the most probable tokens, most probable first
     */
    public record Step(int step, List<Token> top) {}

    /**
     * Runs CODI on one question with the trace on (and a one-token answer), and reads every hidden state of the loop
     * through the LM head.
     *
     * @param codi     the runner
     * @param s        a session from {@link Codi#newSession} for one question; its sequence 0 is overwritten
     * @param question the question's token ids, bot not included
     * @param k        tokens to keep per step
     * @return numLatent + 1 steps: bot, then after each latent
     * @throws IllegalArgumentException as {@link Codi#run} does
     */
    public static List<Step> probe(Codi codi, Session s, int[] question, int k) {
        Codi.Result r = codi.run(s, List.of(question), new Codi.Options(1, true, false)).get(0);
        float[][] logits = s.lmHead(r.hidden());
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) steps.add(new Step(i, top(logits[i], k)));
        return steps;
    }

    /**
     * The {@code k} most probable tokens of softmax(logits) over the whole vocabulary, most probable first; equal
     * probabilities in id order.
     *
     * @param logits one LM head output
     * @param k      how many to keep; fewer than 1 keeps none
     * @return at most {@code k} tokens
     */
    public static List<Token> top(float[] logits, int k) {
        double[] p = Softmax.probs(logits, 1.0f, 0);
        int n = Math.min(k, p.length);
        if (n < 1) return List.of();
        int[] best = new int[n];
        int size = 0;
        for (int id = 0; id < p.length; id++) {
            if (size == n && p[id] <= p[best[n - 1]]) continue;
            // insert after every entry at least as probable, dropping the last when full
            int at = Math.min(size, n - 1);
            while (at > 0 && p[best[at - 1]] < p[id]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = id;
            if (size < n) size++;
        }
        List<Token> top = new ArrayList<>(n);
        for (int j = 0; j < size; j++) top.add(new Token(best[j], p[best[j]]));
        return top;
    }
}
