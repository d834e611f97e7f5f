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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model loaded into the native engine. It keeps the GGUF mapping open: on the CPU the weights
 * are used in place. Closing the model closes its sessions first.
 */
public final class Model implements AutoCloseable {

    /** How to load: the backend and the CPU threads of its sessions (0: all cores but one). */
    public record Options(Backend backend, int threads) {
        public Options {
            Param.THREADS.check(threads);
        }

        public static Options defaults() { return new Options(Backend.AUTO, 0); }
    }

    private final GgufFile file;
    private final ModelConfig config;
    private final MemorySegment handle;
    private final List<Session> sessions = new ArrayList<>();
    private boolean closed;

    private Model(GgufFile file, ModelConfig config, MemorySegment handle) {
        this.file = file;
        this.config = config;
        this.handle = handle;
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
        return latentj_h.lj_model_backend(handle()).reinterpret(256).getString(0);
    }

    public boolean hasProjection() { return latentj_h.lj_model_has_prj(handle()) != 0; }

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

    void forget(Session s) {
        synchronized (sessions) { sessions.remove(s); }
    }

    @Override
    public void close() {
        synchronized (sessions) {
            if (closed) return;
            for (Session s : List.copyOf(sessions)) s.close();
            closed = true;
        }
        latentj_h.lj_model_free(handle);
        file.close();
    }
}
