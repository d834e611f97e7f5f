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

    /** One soft step; JS to top-2 is null when the concept token has a single id. */
    public record Step(int step, int token, double jsSoftTop1, Double jsSoftTop2, Double jsTop1Top2) {}

    private final Session session;
    private final SessionDriver main;
    private final int vocabLimit;
    private final float temperature;
    private final List<Step> steps = new ArrayList<>();

    /** @param session with at least 3 sequences; @param temperature of the compared distributions */
    public JsProbe(Session session, int vocabLimit, float temperature) {
        this.session = session;
        this.main = new SessionDriver(session, 0, 0, vocabLimit);
        this.vocabLimit = vocabLimit;
        this.temperature = temperature;
    }

    public TopK prompt(int[] ids, Readout next) {
        return main.prompt(ids, next);
    }

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
        steps.add(new Step(steps.size(), concept.visibleId(), JsDivergence.js(soft, top1), jsSoftTop2, jsTop1Top2));
        return session.topK(0, next.k());
    }

    @Override
    public TopK feedTokens(int[] ids, Readout next) {
        return main.feedTokens(ids, next);
    }
}
