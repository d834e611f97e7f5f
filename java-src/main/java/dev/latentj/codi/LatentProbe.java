package dev.latentj.codi;

import dev.latentj.engine.Session;
import dev.latentj.sampling.Softmax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CODI §5's probe (docs/methods.md §1.3): each continuous thought read through the LM head. Step 0 is the hidden state at
 * bot (it produces the first latent); step i is the hidden state after the i-th fed latent.
 */
public final class LatentProbe {
    private LatentProbe() {}

    public record Token(int id, double prob) {}

    public record Step(int step, List<Token> top) {}

    public static List<Step> probe(Codi codi, Session s, int[] question, int k) {
        Codi.Result r = codi.run(s, List.of(question), new Codi.Options(1, true, false)).get(0);
        float[][] logits = s.lmHead(r.hidden());
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            double[] p = Softmax.probs(logits[i], 1.0f, 0);
            Integer[] order = new Integer[p.length];
            for (int j = 0; j < p.length; j++) order[j] = j;
            Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
            List<Token> top = new ArrayList<>();
            for (int j = 0; j < Math.min(k, p.length); j++) top.add(new Token(order[j], p[order[j]]));
            steps.add(new Step(i, top));
        }
        return steps;
    }
}
