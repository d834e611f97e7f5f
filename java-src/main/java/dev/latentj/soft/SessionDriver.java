package dev.latentj.soft;

import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.sampling.TopK;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives Soft Thinking on one sequence of a session: concept tokens go in as mixture rows (the sum
 * Σ w_i E[id_i] is computed in the graph), and only the device's top-K readout comes back.
 */
public final class SessionDriver implements SoftThinkingDriver {
    private final Session session;
    private final int seq;
    private final int vocabLimit;
    private int pos;

    /**
     * A driver on one sequence. It keeps its own position count, so nothing else should decode on {@code seq}
     * meanwhile.
     *
     * @param session    the session, used from the calling thread only
     * @param seq        the sequence slot
     * @param pos        the next free position of {@code seq} (after its prompt); {@link #prompt} resets it to 0
     * @param vocabLimit ids the readouts may return ({@code <= 0}: all)
     */
    public SessionDriver(Session session, int seq, int pos, int vocabLimit) {
        this.session = session;
        this.seq = seq;
        this.pos = pos;
        this.vocabLimit = vocabLimit;
    }

    /**
     * Decodes the prompt from position 0, after dropping what the sequence held, in one decode.
     *
     * @param ids  the prompt's tokens, not empty, at most the session's batch size
     * @param next the readout the loop's first step needs
     * @return the readout after the prompt's last token
     * @throws IllegalArgumentException if {@code ids} is empty
     */
    public TopK prompt(int[] ids, Readout next) {
        if (ids.length == 0) throw new IllegalArgumentException("empty prompt");
        pos = 0;
        session.removePositions(seq, 0, -1);
        return feedTokens(ids, next);
    }

    @Override
    public TopK feedMixture(ConceptToken concept, Readout next) {
        session.setReduce(next.k(), next.temperature(), vocabLimit);
        session.decode(List.of(new Row.Mixture(seq, pos++, concept.ids(), concept.weights(), Row.Output.LOGITS)));
        return session.topK(0, next.k());
    }

    @Override
    public TopK feedTokens(int[] ids, Readout next) {
        session.setReduce(next.k(), next.temperature(), vocabLimit);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            rows.add(new Row.Token(seq, pos++, ids[i], i == ids.length - 1 ? Row.Output.LOGITS : Row.Output.NONE));
        }
        session.decode(rows);
        return session.topK(0, next.k());
    }

    /** {@return the sequence's next free position} */
    public int position() { return pos; }

    /** Claims the next position for a row the caller decodes itself (probes). */
    int takePosition() { return pos++; }

    int seq() { return seq; }
}
