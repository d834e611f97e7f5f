package dev.latentj.soft;

import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.sampling.TopK;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Soft Thinking for many prompts at once on one session: prompt i runs on sequence slot i with its own
 * {@link SoftThinkingLoop} (its own seeds), and every step feeds all unfinished sequences in one decode, each
 * its concept token or tokens. Rows that want different readouts (a sequence still thinking, another already
 * answering) go in one decode per readout, since a decode reduces all its outputs alike. Each sequence sees
 * exactly the rows and readouts it would alone, so results equal {@link SoftThinkingLoop#run} with a
 * {@link SessionDriver} (the engine's rows do not depend on the other rows of a batch).
 */
public final class SoftThinkingBatch {
    /** Most prompt rows packed into one decode (a longer prompt goes alone, as one decode, as it would alone). */
    static final int PROMPT_ROWS = 512;

    private final Session session;
    private final int vocabLimit;

    /**
     * A batch runner; the session is used from the calling thread only.
     *
     * @param session    with at least as many sequence slots as prompts, and the context each run needs
     * @param vocabLimit ids the readouts may return ({@code <= 0}: all), as for {@link SessionDriver}
     */
    public SoftThinkingBatch(Session session, int vocabLimit) {
        this.session = session;
        this.vocabLimit = vocabLimit;
    }

    /**
     * Runs prompt i with loop i on sequence i; the sequences' earlier contents are dropped.
     *
     * @param prompts the prompts' tokens, none empty
     * @param loops   one loop per prompt
     * @return the results, in prompt order
     * @throws IllegalArgumentException if the counts differ or a prompt is empty
     */
    public List<SoftThinkingResult> run(List<int[]> prompts, List<SoftThinkingLoop> loops) {
        return run(prompts, loops, i -> SoftThinkingSequence.Listener.NONE, () -> false);
    }

    /**
     * As {@link #run(List, List)}, sequence i seen by {@code listeners.apply(i)}; {@code stop} is asked before every
     * step after the prompts, and true cancels each sequence that has not finished
     * ({@link SoftThinkingSequence#cancel()}), keeping what it produced.
     *
     * @param prompts   the prompts' tokens, none empty
     * @param loops     one loop per prompt
     * @param listeners the listener of each sequence, by index
     * @param stop      asked before each step; true cancels the unfinished sequences
     * @return the results, in prompt order
     * @throws IllegalArgumentException if the counts differ or a prompt is empty
     */
    public List<SoftThinkingResult> run(List<int[]> prompts, List<SoftThinkingLoop> loops,
                                        IntFunction<SoftThinkingSequence.Listener> listeners, BooleanSupplier stop) {
        int n = prompts.size();
        if (loops.size() != n) throw new IllegalArgumentException(n + " prompts but " + loops.size() + " loops");
        SoftThinkingSequence[] seqs = new SoftThinkingSequence[n];
        NextInput[] next = new NextInput[n];
        int[] pos = new int[n];
        List<Feed> promptFeeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (prompts.get(i).length == 0) throw new IllegalArgumentException("empty prompt " + i);
            seqs[i] = loops.get(i).start(listeners.apply(i));
            session.removePositions(i, 0, -1);
            promptFeeds.add(new Feed(i, new NextInput.Tokens(prompts.get(i), loops.get(i).thinkingReadout())));
        }
        for (Map.Entry<Readout, List<Feed>> g : byReadout(promptFeeds).entrySet()) {
            List<Feed> pack = new ArrayList<>();
            int rows = 0;
            for (Feed f : g.getValue()) {
                int len = ((NextInput.Tokens) f.input()).ids().length;
                if (!pack.isEmpty() && rows + len > PROMPT_ROWS) {
                    decode(pack, g.getKey(), pos, seqs, next);
                    pack.clear();
                    rows = 0;
                }
                pack.add(f);
                rows += len;
            }
            decode(pack, g.getKey(), pos, seqs, next);
        }
        while (true) {
            List<Feed> active = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!(next[i] instanceof NextInput.Finished)) active.add(new Feed(i, next[i]));
            if (active.isEmpty()) break;
            if (stop.getAsBoolean()) {
                for (Feed f : active) next[f.seq()] = new NextInput.Finished(seqs[f.seq()].cancel());
                break;
            }
            for (Map.Entry<Readout, List<Feed>> g : byReadout(active).entrySet()) decode(g.getValue(), g.getKey(), pos, seqs, next);
        }
        List<SoftThinkingResult> out = new ArrayList<>(n);
        for (NextInput f : next) out.add(((NextInput.Finished) f).result());
        return out;
    }

    /** What sequence {@code seq} is fed. */
    private record Feed(int seq, NextInput input) {}

    private static Map<Readout, List<Feed>> byReadout(List<Feed> feeds) {
        Map<Readout, List<Feed>> groups = new LinkedHashMap<>();
        for (Feed f : feeds) {
            Readout r = switch (f.input()) {
                case NextInput.Mixture m -> m.readout();
                case NextInput.Tokens t -> t.readout();
                case NextInput.Finished x -> throw new IllegalStateException("a finished sequence is not fed");
            };
            groups.computeIfAbsent(r, k -> new ArrayList<>()).add(f);
        }
        return groups;
    }

    /** One decode of the feeds' rows, each sequence's last row with logits; advances each sequence with its readout. */
    private void decode(List<Feed> feeds, Readout readout, int[] pos, SoftThinkingSequence[] seqs, NextInput[] next) {
        List<Row> rows = new ArrayList<>();
        for (Feed f : feeds) {
            int q = f.seq();
            switch (f.input()) {
                case NextInput.Mixture m -> rows.add(new Row.Mixture(q, pos[q]++, m.concept().ids(), m.concept().weights(), Row.Output.LOGITS));
                case NextInput.Tokens t -> {
                    int[] ids = t.ids();
                    for (int j = 0; j < ids.length; j++) {
                        rows.add(new Row.Token(q, pos[q]++, ids[j], j == ids.length - 1 ? Row.Output.LOGITS : Row.Output.NONE));
                    }
                }
                case NextInput.Finished x -> throw new IllegalStateException("a finished sequence is not fed");
            }
        }
        session.setReduce(readout.k(), readout.temperature(), vocabLimit);
        session.decode(rows);
        for (int k = 0; k < feeds.size(); k++) {
            int q = feeds.get(k).seq();
            TopK top = session.topK(k, readout.k());
            next[q] = seqs[q].advance(top);
        }
    }
}
