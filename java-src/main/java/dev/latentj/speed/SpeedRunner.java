package dev.latentj.speed;

import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.sampling.TopK;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs {@link SpeedTest}s on one model as llama-bench does: the depth decoded once before the clock starts and
 * kept (llama-bench restores it), one warm-up run, then {@code repetitions} timed runs, each from the depth with
 * whatever the previous run added dropped. Tokens are random ids (seeded), so the figures do not depend on a
 * tokenizer; token steps feed back the device's greedy choice.
 */
public final class SpeedRunner {
    /** Rows per decode when a prompt is processed: llama.cpp's default micro-batch. */
    static final int UBATCH = 512;
    /** A soft step's concept token: this many ids in, from the previous step's top-K out. */
    static final int MIX = 10;
    static final int TOP_K = 30;
    private static final long SEED = 20250101L;

    private final Model model;
    private final int repetitions;
    private final int kvType;
    private final Consumer<String> progress;

    /**
     * @param kvType   ggml type of the KV cache (-1: F32, the engine's exact default)
     * @param progress one line per run (stderr in the CLI)
     */
    public SpeedRunner(Model model, int repetitions, int kvType, Consumer<String> progress) {
        if (repetitions < 1) throw new IllegalArgumentException("repetitions " + repetitions + " must be at least 1");
        this.model = model;
        this.repetitions = repetitions;
        this.kvType = kvType;
        this.progress = progress;
    }

    public SpeedResult run(SpeedTest t) {
        try (Session s = model.newSession(new Session.Options(t.batch(), context(t), Math.max(UBATCH, t.batch()), kvType))) {
            Random rnd = new Random(SEED);
            prepare(s, t, rnd);
            progress.accept(t.label() + " batch " + t.batch() + ": warm-up");
            once(s, warmUp(t), rnd);
            double[] tps = new double[repetitions];
            for (int r = 0; r < repetitions; r++) {
                long nanos = once(s, t, rnd);
                tps[r] = t.tokens() / (nanos / 1e9);
                progress.accept(String.format("%s batch %d: run %d/%d: %.2f t/s", t.label(), t.batch(), r + 1, repetitions, tps[r]));
            }
            return new SpeedResult(t, tps);
        }
    }

    /** Positions a sequence needs: the depth (at least one token before latent steps: they start from a hidden state), then the test. */
    static int context(SpeedTest t) {
        return startPosition(t) + t.n();
    }

    static int startPosition(SpeedTest t) {
        return t.kind() == SpeedTest.Kind.LATENT ? Math.max(1, t.depth()) : t.depth();
    }

    /** llama-bench warms up with the whole prompt, and with one step of generation. */
    static SpeedTest warmUp(SpeedTest t) {
        return t.kind() == SpeedTest.Kind.PROMPT ? t : new SpeedTest(t.kind(), 1, t.depth(), t.batch());
    }

    /** Empties the cache and decodes the depth of every sequence (latent steps then have a hidden state to start from). */
    void prepare(Session s, SpeedTest t, Random rnd) {
        s.removePositions(-1, 0, -1);
        int start = startPosition(t);
        Row.Output last = t.kind() == SpeedTest.Kind.LATENT ? Row.Output.HIDDEN : Row.Output.NONE;
        if (start > 0) decodePrompts(s, t.batch(), 0, start, rnd, model.config().nVocab(), last);
    }

    /** One run after {@link #prepare}: drops what an earlier run added after the depth; returns the nanoseconds measured. */
    long once(Session s, SpeedTest t, Random rnd) {
        int vocab = model.config().nVocab();
        int b = t.batch(), start = startPosition(t);
        for (int q = 0; q < b; q++) s.removePositions(q, start, -1);
        long t0 = System.nanoTime();
        switch (t.kind()) {
            case PROMPT -> decodePrompts(s, b, start, t.n(), rnd, vocab, Row.Output.LOGITS);
            case TOKEN -> tokenSteps(s, t, start, rnd, vocab);
            case LATENT -> s.latentLoop(sequences(b), t.n(), false, false);
            case SOFT -> softSteps(s, t, start, rnd, vocab);
        }
        return System.nanoTime() - t0;
    }

    /** n random tokens per sequence at positions [from, from + n), in decodes of at most {@link #UBATCH} rows. */
    private static void decodePrompts(Session s, int b, int from, int n, Random rnd, int vocab, Row.Output last) {
        List<Row> rows = new ArrayList<>(UBATCH);
        for (int q = 0; q < b; q++) {
            for (int p = from; p < from + n; p++) {
                rows.add(new Row.Token(q, p, rnd.nextInt(vocab), p == from + n - 1 ? last : Row.Output.NONE));
                if (rows.size() == UBATCH) {
                    s.decode(rows);
                    rows.clear();
                }
            }
        }
        if (!rows.isEmpty()) s.decode(rows);
    }

    private static void tokenSteps(Session s, SpeedTest t, int start, Random rnd, int vocab) {
        int b = t.batch();
        int[] next = rnd.ints(b, 0, vocab).toArray();
        s.setReduce(0, 1f, 0);
        List<Row> rows = new ArrayList<>(b);
        for (int i = 0; i < t.n(); i++) {
            rows.clear();
            for (int q = 0; q < b; q++) rows.add(new Row.Token(q, start + i, next[q], Row.Output.LOGITS));
            s.decode(rows);
            for (int q = 0; q < b; q++) next[q] = s.argmax(q);
        }
    }

    /** Each step feeds the previous step's top {@link #MIX} as a concept token and reads the device's top-{@link #TOP_K} and entropy. */
    private static void softSteps(Session s, SpeedTest t, int start, Random rnd, int vocab) {
        int b = t.batch(), k = Math.min(TOP_K, vocab), mix = Math.min(MIX, k);
        int[][] ids = new int[b][];
        float[][] weights = new float[b][];
        for (int q = 0; q < b; q++) {
            ids[q] = rnd.ints(mix, 0, vocab).toArray();
            weights[q] = new float[mix];
            java.util.Arrays.fill(weights[q], 1f / mix);
        }
        s.setReduce(k, 1f, 0);
        List<Row> rows = new ArrayList<>(b);
        for (int i = 0; i < t.n(); i++) {
            rows.clear();
            for (int q = 0; q < b; q++) rows.add(new Row.Mixture(q, start + i, ids[q], weights[q], Row.Output.LOGITS));
            s.decode(rows);
            for (int q = 0; q < b; q++) {
                TopK top = s.topK(q, k);
                float sum = 0;
                for (int j = 0; j < mix; j++) sum += top.probs()[j];
                for (int j = 0; j < mix; j++) {
                    ids[q][j] = top.ids()[j];
                    weights[q][j] = top.probs()[j] / sum;
                }
            }
        }
    }

    private static int[] sequences(int b) {
        int[] seqs = new int[b];
        for (int i = 0; i < b; i++) seqs[i] = i;
        return seqs;
    }
}
