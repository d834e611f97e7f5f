package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.bindings.lj_row;
import dev.latentj.bindings.lj_session_params;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sequence slots with their KV cache on one model. Decode batches of rows; read the outputs of the
 * last decode. One thread at a time: concurrent use fails fast instead of corrupting the cache. A session that
 * becomes unreachable unclosed is freed by a {@link java.lang.ref.Cleaner} (see {@code LeakGuard}).
 */
public final class Session implements AutoCloseable {

    /**
     * What {@link Model#newSession} allocates; the KV cache holds {@code sequences * context} cells.
     *
     * @param sequences sequence slots
     * @param context   positions per sequence (0: the model's training context, at most LJ_DEFAULT_CTX_MAX);
     *                  {@link #context()} is what the engine resolved
     * @param batch     most rows per decode (0: the engine's default, see {@link #batchSize()})
     * @param kvType    ggml type of the KV cache (0 F32, 1 F16, 30 BF16), or -1 for F32: an F16 cache flips
     *                  greedy tokens against transformers even with F16 weights, so F16 is opt-in
     */
    public record Options(int sequences, int context, int batch, int kvType) {
        /** {@return options for one sequence, with the default context and batch and an F32 cache} */
        public static Options single() { return new Options(1, 0, 0, -1); }

        /**
         * {@return options for these sequences and context, with the default batch and an F32 cache}
         *
         * @param sequences sequence slots
         * @param context   positions per sequence (0: the default)
         */
        public static Options of(int sequences, int context) { return new Options(sequences, context, 0, -1); }
    }

    /** lj_latent_loop's and lj_lm_head's limit on steps / rows. */
    static final int MAX_LATENT_STEPS = latentj_h.LJ_MAX_STEPS();

    /** The native session, freed through its model's {@link Model.Memory} (which frees it first if the model goes). */
    static final class Memory implements Runnable {
        private final MemorySegment handle;
        private final Model.Memory model;

        Memory(MemorySegment handle, Model.Memory model) {
            this.handle = handle;
            this.model = model;
        }

        MemorySegment handle() { return handle; }

        @Override
        public void run() { model.free(this); }
    }

    private final Model model;
    private final MemorySegment handle;
    private final LeakGuard.Release release;
    private final ReentrantLock lock = new ReentrantLock();
    private final int nVocab;
    private final int nEmbd;
    private final int context;
    private final int batchSize;
    private volatile boolean closed;

    Session(Model model, Options options) {
        this.model = model;
        this.nVocab = model.config().nVocab();
        this.nEmbd = model.config().nEmbd();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = lj_session_params.allocate(arena);
            lj_session_params.n_seq_max(p, options.sequences());
            lj_session_params.n_ctx(p, options.context());
            lj_session_params.n_batch_max(p, options.batch());
            lj_session_params.kv_type(p, options.kvType());
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            NativeStatus.check(latentj_h.lj_session_new(model.handle(), p, out));
            this.handle = out.get(ValueLayout.ADDRESS, 0);
        }
        this.context = latentj_h.lj_session_n_ctx(handle);
        this.batchSize = latentj_h.lj_session_n_batch(handle);
        Memory memory = new Memory(handle, model.memory());
        model.memory().add(memory);
        this.release = LeakGuard.register(this, "session", memory);
    }

    /** {@return the model this session runs on; closing the model closes this session too} */
    public Model model() { return model; }

    /** {@return positions per sequence, as the engine resolved {@link Options#context()}} */
    public int context() { return context; }

    /** {@return the most rows one {@link #decode} takes, as the engine resolved {@link Options#batch()}} */
    public int batchSize() { return batchSize; }

    /**
     * How many compute graphs this session's decodes have built. A decode whose batch has the shape of the one
     * before (row counts and kinds, outputs, the attended cache extent padded to 32 cells on the CPU and 256 on a GPU,
     * the reduction) computes
     * the previous graph again instead of building and planning a new one.
     *
     * @return graphs built since the session was created; a loop of same-shaped decodes adds one only when the
     *         padded cache extent grows
     */
    public long graphsBuilt() {
        enter();
        try {
            return latentj_h.lj_session_n_graphs(handle);
        } finally {
            exit();
        }
    }

    /**
     * Decodes the rows in one batch; outputs are numbered in row order among rows that want one. All or nothing:
     * a batch the engine refuses (bad rows, past the context) leaves the session as it was, the last outputs included.
     * If the compute itself fails, there are no outputs and each sequence of the batch loses its positions from its
     * first row's on.
     *
     * @param rows 1 to {@link #batchSize()} rows, none null; not retained
     * @throws IllegalArgumentException if there are none or too many rows, or a row is invalid (token id out of
     *                                  range, embedding of the wrong width, the same (seq, pos) twice...)
     * @throws ContextFullException     if a row's position is past the context or the cache has no free cell
     * @throws IllegalStateException    if a latent row's sequence has no hidden state yet, or the session is
     *                                  closed or in use by another thread
     * @throws LatentjException         if the graph cannot be allocated or the compute fails
     */
    public void decode(List<? extends Row> rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.size() > batchSize) throw new IllegalArgumentException(rows.size() + " rows exceed the batch size " + batchSize);
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = lj_row.allocateArray(rows.size(), arena);
            for (int i = 0; i < rows.size(); i++) {
                MemorySegment r = lj_row.asSlice(seg, i);
                Row row = Objects.requireNonNull(rows.get(i), "row " + i + " is null");
                lj_row.seq(r, row.seq());
                lj_row.pos(r, row.pos());
                lj_row.output(r, row.output().id);
                switch (row) {
                    case Row.Token t -> {
                        if (t.id() < 0 || t.id() >= nVocab) {
                            throw new IllegalArgumentException("token id " + t.id() + " out of range [0, " + nVocab + ")");
                        }
                        lj_row.kind(r, latentj_h.LJ_ROW_TOKEN());
                        lj_row.token(r, t.id());
                    }
                    case Row.Embedding e -> {
                        if (e.vector().length != nEmbd) {
                            throw new IllegalArgumentException("embedding has " + e.vector().length + " values, the model needs " + nEmbd);
                        }
                        lj_row.kind(r, latentj_h.LJ_ROW_EMBD());
                        lj_row.embd(r, arena.allocateFrom(ValueLayout.JAVA_FLOAT, e.vector()));
                    }
                    case Row.Mixture m -> {
                        lj_row.kind(r, latentj_h.LJ_ROW_MIXTURE());
                        lj_row.n_mix(r, m.ids().length);
                        lj_row.mix_ids(r, arena.allocateFrom(ValueLayout.JAVA_INT, m.ids()));
                        lj_row.mix_weights(r, arena.allocateFrom(ValueLayout.JAVA_FLOAT, m.weights()));
                    }
                    case Row.Latent l -> lj_row.kind(r, l.coconut() ? latentj_h.LJ_ROW_LATENT_COCONUT() : latentj_h.LJ_ROW_LATENT());
                }
            }
            NativeStatus.check(latentj_h.lj_decode(handle, seg, rows.size()));
        } finally {
            exit();
        }
    }

    /** {@return the number of outputs of the last decode: its rows whose output is not {@link Row.Output#NONE}} */
    public int outputs() {
        enter();
        try {
            return latentj_h.lj_n_outputs(handle);
        } finally {
            exit();
        }
    }

    /**
     * Logits of an output of the last decode. Copies the full vocabulary to the heap: for probes and tests; a
     * decoding loop reads {@link #argmax} or {@link #topK} instead.
     *
     * @param output an output index, 0 to {@link #outputs()} - 1
     * @return n_vocab logits, a new array
     * @throws IllegalArgumentException if {@code output} is out of range
     * @throws IllegalStateException    if the last decode produced no logits (no row asked for them)
     * @throws LatentjException         if a logit is NaN or infinite (the weights hold NaN or Inf)
     */
    public float[] logits(int output) {
        return read(output, nVocab, true);
    }

    /**
     * The hidden state after the final norm of an output of the last decode.
     *
     * @param output an output index, 0 to {@link #outputs()} - 1
     * @return n_embd values, a new array
     * @throws IllegalArgumentException if {@code output} is out of range
     * @throws IllegalStateException    if the last decode produced no outputs
     * @throws LatentjException         if a value is NaN or infinite
     */
    public float[] hidden(int output) {
        return read(output, nEmbd, false);
    }

    private float[] read(int output, int n, boolean logits) {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(ValueLayout.JAVA_FLOAT, n);
            NativeStatus.check(logits ? latentj_h.lj_get_logits(handle, output, buf, n)
                    : latentj_h.lj_get_hidden(handle, output, buf, n));
            float[] v = buf.toArray(ValueLayout.JAVA_FLOAT);
            for (int i = 0; i < v.length; i++) {
                // NaN weights the load-time scan cannot see (k-quants) surface here, never as silent garbage
                if (!Float.isFinite(v[i])) {
                    throw new LatentjException((logits ? "logit " : "hidden value ") + i + " of output " + output
                            + " is " + v[i] + ": the model's weights hold NaN or Inf");
                }
            }
            return v;
        } finally {
            exit();
        }
    }

    /**
     * What later decodes reduce on the device for each output: the argmax over [0, vocabLimit) always,
     * and with topK &gt; 0 the top-K of softmax(logits / temperature) with its entropy.
     * vocabLimit &lt;= 0 means the whole vocabulary (CODI masks eot by limiting to ids below it).
     * The probabilities are of the full distribution, sorted descending; the entropy is in nats.
     *
     * @param topK        0 for the argmax only, else 1 to 64 (LJ_MAX_TOPK)
     * @param temperature divides the logits before the softmax; finite and &gt; 0
     * @param vocabLimit  ids at or above it are never chosen, at most n_vocab and at least {@code topK}; &lt;= 0 for
     *                    none
     * @throws IllegalArgumentException if an argument is out of range
     */
    public void setReduce(int topK, float temperature, int vocabLimit) {
        enter();
        try {
            NativeStatus.check(latentj_h.lj_set_reduce(handle, topK, temperature, vocabLimit));
        } finally {
            exit();
        }
    }

    /**
     * The greedy token of an output of the last decode, computed on the device over [0, vocabLimit) of
     * {@link #setReduce}.
     *
     * @param output an output index, 0 to {@link #outputs()} - 1
     * @return the token id
     * @throws IllegalArgumentException if {@code output} is out of range
     * @throws IllegalStateException    if the last decode produced no logits
     */
    public int argmax(int output) {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(ValueLayout.JAVA_INT);
            NativeStatus.check(latentj_h.lj_get_argmax(handle, output, id));
            return id.get(ValueLayout.JAVA_INT, 0);
        } finally {
            exit();
        }
    }

    /**
     * The device's top-K of an output (see {@link #setReduce}): ids, probabilities and the entropy.
     *
     * @param output an output index, 0 to {@link #outputs()} - 1
     * @param k      the {@code topK} the last decode reduced with
     * @return the top {@code k}, most probable first (ties: the lower id first)
     * @throws IllegalArgumentException if {@code output} is out of range, or {@code k} differs from the reduction's
     * @throws IllegalStateException    if the last decode made no top-K (no logits, or {@code topK} 0)
     */
    public dev.latentj.sampling.TopK topK(int output, int k) {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocate(ValueLayout.JAVA_INT, k);
            MemorySegment probs = arena.allocate(ValueLayout.JAVA_FLOAT, k);
            MemorySegment entropy = arena.allocate(ValueLayout.JAVA_FLOAT);
            NativeStatus.check(latentj_h.lj_get_topk(handle, output, ids, probs, k, entropy));
            return new dev.latentj.sampling.TopK(ids.toArray(ValueLayout.JAVA_INT), probs.toArray(ValueLayout.JAVA_FLOAT),
                    entropy.get(ValueLayout.JAVA_FLOAT, 0));
        } finally {
            exit();
        }
    }

    /**
     * Logit lens: keep each layer's normed residual for the outputs of later decodes.
     *
     * @param on whether to keep them (off by default: it costs n_layer * n_embd floats per output)
     */
    public void setLayerOutputs(boolean on) {
        enter();
        try {
            NativeStatus.check(latentj_h.lj_set_layer_outputs(handle, on ? 1 : 0));
        } finally {
            exit();
        }
    }

    /**
     * A layer's residual output after the final norm, for an output of the last decode, which must have run with
     * {@link #setLayerOutputs} on.
     *
     * @param layer  0 to n_layer - 1; the last equals {@link #hidden}
     * @param output an output index
     * @return n_embd values, a new array
     * @throws IllegalArgumentException if an index is out of range
     * @throws IllegalStateException    if the last decode did not keep layer outputs
     */
    public float[] layerHidden(int layer, int output) {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(ValueLayout.JAVA_FLOAT, nEmbd);
            NativeStatus.check(latentj_h.lj_get_layer_hidden(handle, layer, output, buf, nEmbd));
            return buf.toArray(ValueLayout.JAVA_FLOAT);
        } finally {
            exit();
        }
    }

    /**
     * Continuous thoughts of a latent loop: the fed vectors and the hidden states before projection.
     *
     * @param latents [steps][sequence][n_embd]: the z fed at each step
     * @param hidden  [steps + 1][sequence][n_embd]: each h before its projection, the last one included
     */
    public record LatentTrace(float[][][] latents, float[][][] hidden) {}

    /**
     * CODI's latent loop for the given sequences, each of which must have decoded an output row last
     * (its post-norm hidden state stays on the device). With {@code coconut} the hidden state is fed
     * without projection. Returns the trace when asked for, else null: nothing crosses otherwise.
     * Arguments and context are checked before the first step; a step that fails leaves the steps before it done.
     *
     * @param seqs    1 to {@link Options#sequences()} distinct sequences, in the order of the trace's second index
     * @param steps   latent steps, 0 to 4096 (LJ_MAX_STEPS); each takes the sequence's next position
     * @param coconut feed h unprojected instead of prj(h)
     * @param trace   copy every latent and hidden state to the heap
     * @return the trace, or null without {@code trace}
     * @throws IllegalArgumentException if an argument is out of range, a sequence is given twice, or (without
     *                                  {@code coconut}) the model has no CODI projection
     * @throws IllegalStateException    if a sequence has no hidden state yet
     * @throws ContextFullException     if the steps would run past a sequence's context
     */
    public LatentTrace latentLoop(int[] seqs, int steps, boolean coconut, boolean trace) {
        Objects.requireNonNull(seqs, "seqs");
        // checked here too: the trace buffers below are sized by steps
        if (steps < 0 || steps > MAX_LATENT_STEPS) throw new IllegalArgumentException("steps " + steps + " out of range [0, " + MAX_LATENT_STEPS + "]");
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seqSeg = arena.allocateFrom(ValueLayout.JAVA_INT, seqs);
            long block = (long) seqs.length * nEmbd;
            MemorySegment lat = trace ? arena.allocate(ValueLayout.JAVA_FLOAT, steps * block) : MemorySegment.NULL;
            MemorySegment hid = trace ? arena.allocate(ValueLayout.JAVA_FLOAT, (steps + 1) * block) : MemorySegment.NULL;
            NativeStatus.check(latentj_h.lj_latent_loop(handle, seqSeg, seqs.length, steps,
                    coconut ? latentj_h.LJ_LATENT_COCONUT() : latentj_h.LJ_LATENT_PRJ(), lat, hid));
            if (!trace) return null;
            return new LatentTrace(unpack(lat, steps, seqs.length), unpack(hid, steps + 1, seqs.length));
        } finally {
            exit();
        }
    }

    private float[][][] unpack(MemorySegment seg, int steps, int n) {
        float[][][] out = new float[steps][n][];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                out[s][i] = seg.asSlice(((long) s * n + i) * nEmbd * Float.BYTES, (long) nEmbd * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT);
            }
        }
        return out;
    }

    /**
     * Logit lens: the LM head applied to post-norm hidden states. Computes in the session's buffers, so the last
     * decode's outputs are gone afterwards, also on failure.
     *
     * @param hidden 1 to 4096 (LJ_MAX_STEPS) vectors of n_embd finite values
     * @return n_vocab logits per vector
     * @throws IllegalArgumentException if the count or a width is wrong, or a value is not finite
     */
    public float[][] lmHead(float[][] hidden) {
        Objects.requireNonNull(hidden, "hidden");
        if (hidden.length < 1 || hidden.length > MAX_LATENT_STEPS) {
            throw new IllegalArgumentException(hidden.length + " hidden states, need 1.." + MAX_LATENT_STEPS);
        }
        for (int i = 0; i < hidden.length; i++) Objects.requireNonNull(hidden[i], "hidden state " + i);
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_FLOAT, (long) hidden.length * nEmbd);
            for (int i = 0; i < hidden.length; i++) {
                if (hidden[i].length != nEmbd) throw new IllegalArgumentException("hidden state " + i + " has " + hidden[i].length + " values, need " + nEmbd);
                MemorySegment.copy(hidden[i], 0, in, ValueLayout.JAVA_FLOAT, (long) i * nEmbd * Float.BYTES, nEmbd);
            }
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, (long) hidden.length * nVocab);
            NativeStatus.check(latentj_h.lj_lm_head(handle, in, hidden.length, out));
            float[][] logits = new float[hidden.length][];
            for (int i = 0; i < hidden.length; i++) {
                logits[i] = out.asSlice((long) i * nVocab * Float.BYTES, (long) nVocab * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT);
            }
            return logits;
        } finally {
            exit();
        }
    }

    /**
     * Drops positions [p0, p1) of a sequence (p1 &lt; 0: to the end; seq &lt; 0: every sequence).
     *
     * @param seq a sequence slot, or &lt; 0 for all
     * @param p0  the first position dropped (&lt; 0: 0)
     * @param p1  the first position kept after them, or &lt; 0 for none
     * @throws IllegalArgumentException if {@code seq} is out of range
     */
    public void removePositions(int seq, int p0, int p1) {
        enter();
        try {
            NativeStatus.check(latentj_h.lj_seq_rm(handle, seq, p0, p1));
        } finally {
            exit();
        }
    }

    /**
     * Forks: dst shares src's cached prefix, without recomputing or copying it. What dst held before is dropped;
     * {@code src == dst} does nothing.
     *
     * @param src the sequence slot to fork
     * @param dst the sequence slot that receives the prefix
     * @throws IllegalArgumentException if a slot is out of range
     */
    public void copySequence(int src, int dst) {
        enter();
        try {
            NativeStatus.check(latentj_h.lj_seq_cp(handle, src, dst));
        } finally {
            exit();
        }
    }

    /**
     * {@return the sequence's next free position: 1 + its highest, 0 when empty}
     *
     * @param seq a sequence slot
     * @throws IllegalArgumentException if {@code seq} is out of range
     */
    public int nextPosition(int seq) {
        enter();
        try {
            int p = latentj_h.lj_seq_pos_next(handle, seq);
            if (p < 0) throw new IllegalArgumentException("sequence " + seq + " out of range");
            return p;
        } finally {
            exit();
        }
    }

    /** Ends what {@link #enter()} began; keeps this session reachable until then, so no Cleaner frees it mid-call. */
    private void exit() {
        lock.unlock();
        Reference.reachabilityFence(this);
    }

    private void enter() {
        if (!lock.tryLock()) throw new IllegalStateException("session used from two threads at once");
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("session is closed");
        }
    }

    /**
     * Frees the native session and its KV cache. Idempotent; waits for a call in progress on another thread.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            release.close();
        } finally {
            lock.unlock();
        }
        model.forget(this);
    }
}
