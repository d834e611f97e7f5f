package dev.latentj.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched token generation: each step feeds one token per unfinished sequence and reads back only
 * what the chooser needs (the device argmax for greedy, the device top-K for sampling). Sequences
 * finish at eos (kept, as HF's generate keeps it) or after maxTokens; the others go on in smaller batches.
 */
public final class Generation {
    private Generation() {}

    /** Picks the next token of a sequence from output {@code output} of the last decode. */
    @FunctionalInterface
    public interface Chooser {
        /**
         * Chooses a token from what the last decode left on the device.
         *
         * @param s             the session that decoded
         * @param output        the sequence's output index in that decode
         * @param sequenceIndex the sequence's index in the generation's arrays (not its slot), for per-sequence state
         * @return the chosen token id
         */
        int next(Session s, int output, int sequenceIndex);

        /** The device argmax ({@link Session#argmax}); reads one int per sequence. */
        Chooser GREEDY = (s, output, i) -> s.argmax(output);
    }

    /**
     * Watches a generation between its decode steps, on the generating thread: sees each token as it becomes part
     * of a sequence's output, and can end the generation before the next decode (cancellation).
     */
    public interface Observer {
        /**
         * Token {@code token} is now the next id of sequence {@code sequenceIndex}'s output (the first one too).
         *
         * @param sequenceIndex the sequence's index in the generation's arrays
         * @param token         the token id, eos included
         */
        default void accepted(int sequenceIndex, int token) {}

        /**
         * Asked before every decode.
         *
         * @return true to end every unfinished sequence where it is, its tokens kept
         */
        default boolean stopRequested() {
            return false;
        }

        /** Watches nothing and never stops. */
        Observer NONE = new Observer() {};
    }

    /**
     * Greedy {@link #continueFrom(Session, int[], int[], int[], int, int, Chooser)}.
     *
     * @param s         a session whose last decode produced the {@code first} tokens
     * @param seqs      the sequence slots
     * @param pos       per sequence, the position of its first token
     * @param first     per sequence, the token already chosen
     * @param eos       the end-of-sequence id; -1 for none
     * @param maxTokens the most tokens per sequence, {@code first} included; at least 1
     * @return the generated ids per sequence, {@code first} included, eos kept when reached
     */
    public static int[][] continueFrom(Session s, int[] seqs, int[] pos, int[] first, int eos, int maxTokens) {
        return continueFrom(s, seqs, pos, first, eos, maxTokens, Chooser.GREEDY);
    }

    /**
     * Continues each sequence from {@code first[i]}, the token chosen by the previous decode, which
     * goes at position {@code pos[i]}. Returns the generated ids per sequence, first included.
     *
     * @param s         a session whose last decode produced the {@code first} tokens
     * @param seqs      the sequence slots, distinct
     * @param pos       per sequence, the position of its first token
     * @param first     per sequence, the token already chosen
     * @param eos       the end-of-sequence id; -1 for none
     * @param maxTokens the most tokens per sequence, {@code first} included; at least 1
     * @param chooser   picks each next token
     * @return the generated ids per sequence, eos kept when reached
     * @throws IllegalArgumentException if {@code maxTokens} is below 1
     * @throws ContextFullException     if a sequence runs past the session's context; what was generated is lost
     */
    public static int[][] continueFrom(Session s, int[] seqs, int[] pos, int[] first, int eos, int maxTokens, Chooser chooser) {
        int[] limits = new int[seqs.length];
        Arrays.fill(limits, maxTokens);
        return continueFrom(s, seqs, pos, first, eos, limits, chooser, Observer.NONE);
    }

    /**
     * As {@link #continueFrom(Session, int[], int[], int[], int, int, Chooser)}, with a limit per sequence
     * ({@code maxTokens[i]}, at least 1: {@code first[i]} counts) and an {@link Observer} that sees every token and
     * may stop the generation before any decode.
     *
     * @param s         a session whose last decode produced the {@code first} tokens
     * @param seqs      the sequence slots, distinct
     * @param pos       per sequence, the position of its first token
     * @param first     per sequence, the token already chosen
     * @param eos       the end-of-sequence id; -1 for none
     * @param maxTokens per sequence, the most tokens, {@code first} included; each at least 1
     * @param chooser   picks each next token
     * @param observer  sees each token and may stop; {@link Observer#NONE} for neither
     * @return the generated ids per sequence, eos kept when reached; shorter when stopped
     * @throws IllegalArgumentException if a limit is below 1
     * @throws ContextFullException     if a sequence runs past the session's context
     */
    public static int[][] continueFrom(Session s, int[] seqs, int[] pos, int[] first, int eos, int[] maxTokens,
                                       Chooser chooser, Observer observer) {
        int n = seqs.length;
        List<List<Integer>> out = new ArrayList<>();
        int[] next = first.clone();
        int[] p = pos.clone();
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (maxTokens[i] < 1) throw new IllegalArgumentException("max-tokens of sequence " + i + " must be >= 1, got " + maxTokens[i]);
            out.add(new ArrayList<>());
            out.get(i).add(first[i]);
            observer.accepted(i, first[i]);
            done[i] = first[i] == eos || maxTokens[i] <= 1;
        }
        while (!observer.stopRequested()) {
            List<Row> rows = new ArrayList<>();
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                rows.add(new Row.Token(seqs[i], p[i], next[i], Row.Output.LOGITS));
                active.add(i);
            }
            if (rows.isEmpty()) break;
            s.decode(rows);
            for (int k = 0; k < active.size(); k++) {
                int i = active.get(k);
                int t = chooser.next(s, k, i);
                out.get(i).add(t);
                observer.accepted(i, t);
                p[i]++;
                next[i] = t;
                if (t == eos || out.get(i).size() >= maxTokens[i]) done[i] = true;
            }
        }
        int[][] ids = new int[n][];
        for (int i = 0; i < n; i++) ids[i] = out.get(i).stream().mapToInt(Integer::intValue).toArray();
        return ids;
    }

    /**
     * Decodes prompts in one batch, one sequence each from position 0, after dropping what those sequences held.
     *
     * @param s       the session; all the prompts' tokens together must fit its {@link Session#batchSize()}
     * @param seqs    the sequence slots
     * @param prompts per sequence, its token ids, not empty
     * @param last    the output of each prompt's last token (usually {@link Row.Output#LOGITS}); other rows have none
     * @throws IllegalArgumentException if a prompt is empty, a token id is out of range, or the batch is too large
     * @throws ContextFullException     if a prompt is longer than the context
     */
    public static void prefill(Session s, int[] seqs, List<int[]> prompts, Row.Output last) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            int[] ids = prompts.get(i);
            if (ids.length == 0) throw new IllegalArgumentException("empty prompt for sequence " + seqs[i]);
            s.removePositions(seqs[i], 0, -1);
            for (int j = 0; j < ids.length; j++) {
                rows.add(new Row.Token(seqs[i], j, ids[j], j == ids.length - 1 ? last : Row.Output.NONE));
            }
        }
        s.decode(rows);
    }

    /**
     * {@return {0, 1, ..., n - 1}: the sequence slots of a session used from slot 0 up}
     *
     * @param n the length, at least 0
     */
    public static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
