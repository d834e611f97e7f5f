package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.bindings.lj_row;
import dev.latentj.bindings.lj_session_params;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sequence slots with their KV cache on one model. Decode batches of rows; read the outputs of the
 * last decode. One thread at a time: concurrent use fails fast instead of corrupting the cache.
 */
public final class Session implements AutoCloseable {

    /**
     * @param sequences sequence slots
     * @param context   positions per sequence (0: the model's training context)
     * @param batch     most rows per decode (0: engine default)
     * @param kvType    ggml type of the KV cache, or -1 for F32 with F32 weights and F16 otherwise
     */
    public record Options(int sequences, int context, int batch, int kvType) {
        public static Options single() { return new Options(1, 0, 0, -1); }

        public static Options of(int sequences, int context) { return new Options(sequences, context, 0, -1); }
    }

    private final Model model;
    private final MemorySegment handle;
    private final ReentrantLock lock = new ReentrantLock();
    private final int nVocab;
    private final int nEmbd;
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
    }

    public Model model() { return model; }

    /** Decodes the rows in one batch; outputs are numbered in row order among rows that want one. */
    public void decode(List<? extends Row> rows) {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = lj_row.allocateArray(rows.size(), arena);
            for (int i = 0; i < rows.size(); i++) {
                MemorySegment r = lj_row.asSlice(seg, i);
                Row row = rows.get(i);
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
                }
            }
            NativeStatus.check(latentj_h.lj_decode(handle, seg, rows.size()));
        } finally {
            lock.unlock();
        }
    }

    public int outputs() {
        enter();
        try {
            return latentj_h.lj_n_outputs(handle);
        } finally {
            lock.unlock();
        }
    }

    /** Logits (n_vocab floats) of output i of the last decode. Crosses the full vocabulary: for probes and tests. */
    public float[] logits(int output) {
        return read(output, nVocab, true);
    }

    /** The hidden state after the final norm (n_embd floats) of output i of the last decode. */
    public float[] hidden(int output) {
        return read(output, nEmbd, false);
    }

    private float[] read(int output, int n, boolean logits) {
        enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(ValueLayout.JAVA_FLOAT, n);
            NativeStatus.check(logits ? latentj_h.lj_get_logits(handle, output, buf, n)
                    : latentj_h.lj_get_hidden(handle, output, buf, n));
            return buf.toArray(ValueLayout.JAVA_FLOAT);
        } finally {
            lock.unlock();
        }
    }

    /** Drops positions [p0, p1) of a sequence (p1 &lt; 0: to the end; seq &lt; 0: every sequence). */
    public void removePositions(int seq, int p0, int p1) {
        enter();
        try {
            NativeStatus.check(latentj_h.lj_seq_rm(handle, seq, p0, p1));
        } finally {
            lock.unlock();
        }
    }

    /** Forks: dst shares src's cached prefix, without recomputing or copying it. */
    public void copySequence(int src, int dst) {
        enter();
        try {
            NativeStatus.check(latentj_h.lj_seq_cp(handle, src, dst));
        } finally {
            lock.unlock();
        }
    }

    /** The next free position of a sequence. */
    public int nextPosition(int seq) {
        enter();
        try {
            int p = latentj_h.lj_seq_pos_next(handle, seq);
            if (p < 0) throw new IllegalArgumentException("sequence " + seq + " out of range");
            return p;
        } finally {
            lock.unlock();
        }
    }

    private void enter() {
        if (!lock.tryLock()) throw new IllegalStateException("session used from two threads at once");
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("session is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            latentj_h.lj_session_free(handle);
        } finally {
            lock.unlock();
        }
        model.forget(this);
    }
}
