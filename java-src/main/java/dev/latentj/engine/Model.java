package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.gguf.GgufFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
        try (Arena arena = Arena.ofConfined()) {
            ModelSpec spec = ModelSpec.of(file, config, options, arena);
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            NativeStatus.check(latentj_h.lj_model_load(spec.params(), spec.tensors(), spec.nTensors(), data, data.byteSize(), out));
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
