package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.bindings.lj_model_params;
import dev.latentj.bindings.lj_tensor_desc;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.params.Param;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * A model loaded into the native engine. It keeps the GGUF mapping open: on the CPU the weights
 * are used in place. Closing the model closes its sessions first. A model that becomes unreachable unclosed is
 * freed by a {@link java.lang.ref.Cleaner}, with a warning logged once (see {@code LeakGuard}).
 */
public final class Model implements AutoCloseable {

    /** How to load: the backend and the CPU threads of its sessions (0: all cores but one). */
    public record Options(Backend backend, int threads) {
        public Options {
            Param.THREADS.check(threads);
        }

        public static Options defaults() { return new Options(Backend.AUTO, 0); }
    }

    /** The native model and its sessions' native memory: freed once, the sessions before the model. */
    static final class Memory implements Runnable {
        private final MemorySegment handle;
        private final GgufFile file;
        private final Set<Session.Memory> sessions = new HashSet<>();
        private boolean freed;

        private Memory(MemorySegment handle, GgufFile file) {
            this.handle = handle;
            this.file = file;
        }

        synchronized void add(Session.Memory session) {
            sessions.add(session);
        }

        synchronized void free(Session.Memory session) {
            if (sessions.remove(session)) latentj_h.lj_session_free(session.handle());
        }

        @Override
        public synchronized void run() {
            if (freed) return;
            freed = true;
            for (Session.Memory s : sessions) latentj_h.lj_session_free(s.handle());
            sessions.clear();
            latentj_h.lj_model_free(handle);
            file.close();
        }
    }

    private final GgufFile file;
    private final ModelConfig config;
    private final MemorySegment handle;
    private final Memory memory;
    private final LeakGuard.Release release;
    // open sessions, closed with the model; weak, so that a dropped session is freed by its own Cleaner
    private final Set<Session> sessions = Collections.newSetFromMap(new WeakHashMap<>());
    private boolean closed;

    private Model(GgufFile file, ModelConfig config, MemorySegment handle) {
        this.file = file;
        this.config = config;
        this.handle = handle;
        this.memory = new Memory(handle, file);
        this.release = LeakGuard.register(this, "model", memory);
    }

    public static Model load(Path path) throws IOException {
        return load(path, Options.defaults());
    }

    public static Model load(Path path, Options options) throws IOException {
        GgufFile file = GgufFile.open(path);
        try {
            return load(file, options);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Loads from an open file, which the model then owns. */
    public static Model load(GgufFile file, Options options) throws IOException {
        ModelConfig config = ModelChecks.validate(file);
        MemorySegment data = file.segment().asSlice(file.dataOffset());
        List<GgufTensorInfo> tensors = file.tensors();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = lj_model_params.allocate(arena);
            params.copyFrom(latentj_h.lj_model_default_params(arena));
            lj_model_params.arch(params, config.arch().id);
            lj_model_params.backend(params, options.backend().id);
            lj_model_params.n_threads(params, options.threads());
            lj_model_params.n_vocab(params, config.nVocab());
            lj_model_params.n_embd(params, config.nEmbd());
            lj_model_params.n_layer(params, config.nLayer());
            lj_model_params.n_head(params, config.nHead());
            lj_model_params.n_head_kv(params, config.nHeadKv());
            lj_model_params.head_dim(params, config.headDim());
            lj_model_params.n_ff(params, config.nFf());
            lj_model_params.n_ctx_train(params, config.nCtxTrain());
            lj_model_params.norm_eps(params, config.normEps());
            lj_model_params.rope_freq_base(params, config.ropeFreqBase());
            lj_model_params.prj_norm_eps(params, file.metadata().getFloatOrDefault(GgufKeys.CODI_PRJ_LAYERNORM_EPS, 1e-5f));

            MemorySegment descs = lj_tensor_desc.allocateArray(tensors.size(), arena);
            for (int i = 0; i < tensors.size(); i++) {
                GgufTensorInfo t = tensors.get(i);
                MemorySegment d = lj_tensor_desc.asSlice(descs, i);
                byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
                if (name.length >= latentj_h.LJ_MAX_NAME()) {
                    throw new IllegalArgumentException("tensor name '" + t.name() + "' is longer than " + (latentj_h.LJ_MAX_NAME() - 1) + " bytes");
                }
                MemorySegment.copy(name, 0, lj_tensor_desc.name(d), ValueLayout.JAVA_BYTE, 0, name.length);
                lj_tensor_desc.type(d, t.type().id());
                lj_tensor_desc.n_dims(d, t.nDims());
                for (int j = 0; j < 4; j++) lj_tensor_desc.ne(d, j, t.ne(j));
                lj_tensor_desc.offset(d, t.offset());
                lj_tensor_desc.size(d, t.byteSize());
            }
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            NativeStatus.check(latentj_h.lj_model_load(params, descs, tensors.size(), data, data.byteSize(), out));
            return new Model(file, config, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    public ModelConfig config() { return config; }

    public GgufFile file() { return file; }

    /** The device the weights live on, as ggml names it ("CPU", "CUDA0"). */
    public String backendName() {
        try {
            return latentj_h.lj_model_backend(handle()).reinterpret(256).getString(0);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public boolean hasProjection() {
        try {
            return latentj_h.lj_model_has_prj(handle()) != 0;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public Session newSession(Session.Options options) {
        synchronized (sessions) {
            Session s = new Session(this, options);
            sessions.add(s);
            return s;
        }
    }

    MemorySegment handle() {
        if (closed) throw new IllegalStateException("model is closed");
        return handle;
    }

    Memory memory() { return memory; }

    void forget(Session s) {
        synchronized (sessions) { sessions.remove(s); }
    }

    @Override
    public void close() {
        List<Session> open;
        synchronized (sessions) {
            if (closed) return;
            closed = true;
            open = List.copyOf(sessions);
        }
        for (Session s : open) s.close();
        release.close();
    }
}
