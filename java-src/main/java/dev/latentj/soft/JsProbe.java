package dev.latentj.soft;

import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.sampling.Softmax;
import dev.latentj.sampling.TopK;

import java.util.ArrayList;
import java.util.List;

/**
 * The single-thread probe of "LLMs are Single-threaded Reasoners": at every soft step, from the same
 * prefix (forked, not recomputed), the full next-token distributions after three inputs: the concept
 * token, its top-1 token and its top-2 token, compared by Jensen-Shannon divergence (nats).
 * Sequence 0 carries the run; sequences 1 and 2 are the forks.
 */
public final class JsProbe implements SoftThinkingDriver {

    /**
     * One soft step; JS to top-2 is null when the concept token has a single id. With the logit lens,
     * per layer: the share of the top-5 tokens of the top-1 (top-2) run found in the top-10 of the soft run.
     *
     * @param step       the thinking step, from 0
     * @param token      the concept token's top-1 id, the visible token
     * @param jsSoftTop1 JS between the next-token distributions after the concept token and after its top-1, nats
     * @param jsSoftTop2 the same against its top-2; null with a single id
     * @param jsTop1Top2 JS between the top-1 and top-2 runs; null with a single id
     * @param lensTop1   per layer, the overlap share in [0, 1] for the top-1 run; null without the logit lens
     * @param lensTop2   the same for the top-2 run; null without the lens or with a single id
     */
    public record Step(int step, int token, double jsSoftTop1, Double jsSoftTop2, Double jsTop1Top2,
                       double[] lensTop1, double[] lensTop2) {}

    private final Session session;
    private final SessionDriver main;
    private final int vocabLimit;
    private final float temperature;
    private final List<Step> steps = new ArrayList<>();

    private final boolean lens;

    /**
     * A probe without the logit lens.
     *
     * @param session     with at least 3 sequences, 0 for the run and 1 and 2 for the forks
     * @param vocabLimit  ids the distributions and readouts cover ({@code <= 0}: all)
     * @param temperature of the compared distributions, &gt; 0
     */
    public JsProbe(Session session, int vocabLimit, float temperature) {
        this(session, vocabLimit, temperature, false);
    }

    /**
     * A probe; turns the session's layer outputs on or off to match {@code logitLens}.
     *
     * @param session     with at least 3 sequences, 0 for the run and 1 and 2 for the forks
     * @param vocabLimit  ids the distributions and readouts cover ({@code <= 0}: all)
     * @param temperature of the compared distributions, &gt; 0
     * @param logitLens   also compare the runs layer by layer (paper 2's layer-wise evidence)
     */
    public JsProbe(Session session, int vocabLimit, float temperature, boolean logitLens) {
        this.session = session;
        this.lens = logitLens;
        session.setLayerOutputs(logitLens);
        this.main = new SessionDriver(session, 0, 0, vocabLimit);
        this.vocabLimit = vocabLimit;
        this.temperature = temperature;
    }

    /**
     * {@return the readout after the prompt, decoded on sequence 0}
     *
     * @param ids  the prompt's tokens, not empty
     * @param next the readout the loop's first step needs
     */
    public TopK prompt(int[] ids, Readout next) {
        return main.prompt(ids, next);
    }

    /** {@return the probed steps so far, in order; a live view that grows with each concept token} */
    public List<Step> steps() { return steps; }

    @Override
    public TopK feedMixture(ConceptToken concept, Readout next) {
        int p = main.takePosition();
        boolean two = concept.ids().length > 1;
        session.copySequence(0, 1);
        if (two) session.copySequence(0, 2);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row.Mixture(0, p, concept.ids(), concept.weights(), Row.Output.LOGITS));
        rows.add(new Row.Token(1, p, concept.ids()[0], Row.Output.LOGITS));
        if (two) rows.add(new Row.Token(2, p, concept.ids()[1], Row.Output.LOGITS));
        session.setReduce(next.k(), next.temperature(), vocabLimit);
        session.decode(rows);
        double[] soft = Softmax.probs(session.logits(0), temperature, vocabLimit);
        double[] top1 = Softmax.probs(session.logits(1), temperature, vocabLimit);
        Double jsSoftTop2 = null, jsTop1Top2 = null;
        if (two) {
            double[] top2 = Softmax.probs(session.logits(2), temperature, vocabLimit);
            jsSoftTop2 = JsDivergence.js(soft, top2);
            jsTop1Top2 = JsDivergence.js(top1, top2);
        }
        TopK readout = session.topK(0, next.k()); // before the lens, whose LM head replaces the outputs
        double[] lens1 = null, lens2 = null;
        if (lens) {
            int layers = session.model().config().nLayer();
            lens1 = new double[layers];
            lens2 = two ? new double[layers] : null;
            int runs = two ? 3 : 2;
            float[][] hidden = new float[layers * runs][];
            for (int l = 0; l < layers; l++) {
                for (int r = 0; r < runs; r++) hidden[l * runs + r] = session.layerHidden(l, r);
            }
            float[][] logits = session.lmHead(hidden); // replaces the decode's outputs: all were read above
            for (int l = 0; l < layers; l++) {
                java.util.Set<Integer> softTop10 = topIds(logits[l * runs], 10);
                lens1[l] = overlap(softTop10, topIds(logits[l * runs + 1], 5));
                if (two) lens2[l] = overlap(softTop10, topIds(logits[l * runs + 2], 5));
            }
        }
        steps.add(new Step(steps.size(), concept.visibleId(), JsDivergence.js(soft, top1), jsSoftTop2, jsTop1Top2, lens1, lens2));
        return readout;
    }

    private java.util.Set<Integer> topIds(float[] logits, int k) {
        int n = vocabLimit > 0 ? Math.min(vocabLimit, logits.length) : logits.length;
        java.util.PriorityQueue<Integer> heap = new java.util.PriorityQueue<>((a, b) -> Float.compare(logits[a], logits[b]));
        for (int i = 0; i < n; i++) {
            heap.add(i);
            if (heap.size() > k) heap.poll();
        }
        return new java.util.HashSet<>(heap);
    }

    private static double overlap(java.util.Set<Integer> soft, java.util.Set<Integer> single) {
        int hit = 0;
        for (int id : single) if (soft.contains(id)) hit++;
        return hit / (double) single.size();
    }

    @Override
    public TopK feedTokens(int[] ids, Readout next) {
        return main.feedTokens(ids, next);
    }
}
