package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.gguf.GgufFile;
import dev.latentj.params.Param;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * How to load: the backend, the CPU threads of its sessions (0: all cores but one) and, to split the layers
     * over other hosts, ggml RPC servers ({@code latentj rpc-server}, or llama.cpp's {@code rpc-server} of the same
     * ggml). The servers hold the first layers, in the order listed, and this process's backend the last ones with
     * the input and output layers, so only the activations at each boundary cross the network.
     *
     * @param backend     this process's device
     * @param threads     CPU threads of its sessions (0: all cores but one)
     * @param rpcServers  "host:port" of each server; empty: the whole model on {@code backend}
     * @param tensorSplit each device's share of the layers, in layer order: the servers' devices as listed (one per
     *                    {@code latentj rpc-server}), then {@code backend}; empty: in proportion to free memory
     * @param rpcTimeout  how long one exchange with the servers (a decode, a weight tensor) may take before the
     *                    model is given up (see {@link RpcServerLostException})
     */
    public record Options(Backend backend, int threads, List<String> rpcServers, List<Float> tensorSplit, Duration rpcTimeout) {
        /** The native default, latentj.h's LJ_DEFAULT_RPC_TIMEOUT_MS. */
        public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(60);

        /**
         * Copies the lists.
         *
         * @throws IllegalArgumentException if {@code threads} is out of range ({@link Param#THREADS}), a share is
         *                                  negative, a split is given without servers, or the time-out is not 1 s
         *                                  to a day
         * @throws NullPointerException     if a list, an element or the time-out is null
         */
        public Options {
            Param.THREADS.check(threads);
            rpcServers = List.copyOf(rpcServers);
            tensorSplit = List.copyOf(tensorSplit);
            for (float share : tensorSplit) Param.TENSOR_SPLIT.check(share);
            if (!tensorSplit.isEmpty() && rpcServers.isEmpty()) {
                throw new IllegalArgumentException("a tensor split needs RPC servers to split over");
            }
            Param.RPC_TIMEOUT.check((double) rpcTimeout.toSeconds());
        }

        /**
         * The whole model on one backend.
         *
         * @param backend this process's device
         * @param threads CPU threads of its sessions (0: all cores but one)
         */
        public Options(Backend backend, int threads) {
            this(backend, threads, List.of(), List.of(), DEFAULT_RPC_TIMEOUT);
        }

        /** {@return the whole model on CUDA when present, else the CPU, with all cores but one} */
        public static Options defaults() { return new Options(Backend.AUTO, 0); }

        /**
         * {@return these options, with the layers split over these RPC servers}
         *
         * @param servers "host:port" of each, in layer order
         */
        public Options rpc(String... servers) {
            return new Options(backend, threads, List.of(servers), tensorSplit, rpcTimeout);
        }

        /**
         * {@return these options, with the layers split in these shares}
         *
         * @param shares one per device, in layer order (see {@link #tensorSplit()})
         */
        public Options tensorSplit(float... shares) {
            List<Float> list = new ArrayList<>();
            for (float f : shares) list.add(f);
            return new Options(backend, threads, rpcServers, list, rpcTimeout);
        }

        /**
         * {@return these options, with this RPC time-out}
         *
         * @param timeout whole seconds, 1 s to a day
         */
        public Options rpcTimeout(Duration timeout) {
            return new Options(backend, threads, rpcServers, tensorSplit, timeout);
        }
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
            // a model whose RPC server was lost may still have a thread reading its weights: keep them mapped
            boolean lost = latentj_h.lj_model_lost(handle) != 0;
            latentj_h.lj_model_free(handle);
            if (!lost) file.close();
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

    /**
     * Loads a GGUF file with {@link Options#defaults()}.
     *
     * @param path the model file
     * @return the loaded model; close it
     * @throws IOException if the file cannot be read, or fails a check of {@link ModelChecks} (a
     *                     {@link dev.latentj.gguf.GgufException})
     * @throws LatentjException if the engine cannot load it (no such device, out of memory)
     */
    public static Model load(Path path) throws IOException {
        return load(path, Options.defaults());
    }

    /**
     * Loads a GGUF file. The file stays mapped while the model is open; on the CPU the weights are used in place.
     *
     * @param path    the model file
     * @param options backend, threads and RPC split
     * @return the loaded model; close it
     * @throws IOException      if the file cannot be read, or fails a check of {@link ModelChecks}
     * @throws LatentjException if the engine cannot load it; {@link RpcServerLostException} if a server is lost
     */
    public static Model load(Path path, Options options) throws IOException {
        GgufFile file = GgufFile.open(path);
        try {
            return load(file, options);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Loads from an open file, which the model then owns and closes; on failure the caller still owns it.
     *
     * @param file    an open GGUF file
     * @param options backend, threads and RPC split
     * @return the loaded model; close it
     * @throws IOException      if the file fails a check of {@link ModelChecks}
     * @throws LatentjException if the engine cannot load it
     */
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

    /** {@return the hyper-parameters, as checked at load} */
    public ModelConfig config() { return config; }

    /** {@return the model's file, for its metadata and tokenizer; closed with the model, so do not close it} */
    public GgufFile file() { return file; }

    /**
     * {@return the device the weights live on, as ggml names it ("CPU", "CUDA0")}
     *
     * @throws IllegalStateException if the model is closed
     */
    public String backendName() {
        try {
            return latentj_h.lj_model_backend(handle()).reinterpret(256).getString(0);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@return the device of each layer, in order: {@link #backendName()}, or an RPC server's memory as ggml names it
     * ("RPC0[host:port]")}
     */
    public List<String> layerDevices() {
        try {
            List<String> out = new ArrayList<>();
            for (int il = 0; il < config.nLayer(); il++) {
                out.add(latentj_h.lj_model_layer_device(handle(), il).reinterpret(256).getString(0));
            }
            return out;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@return whether the file carries CODI's projection ({@code codi.prj.*}), which {@link Row.Latent} rows and
     * {@link Session#latentLoop} without {@code coconut} need}
     *
     * @throws IllegalStateException if the model is closed
     */
    public boolean hasProjection() {
        try {
            return latentj_h.lj_model_has_prj(handle()) != 0;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Opens a session, with its KV cache on the model's backend. Safe to call from several threads; each session is
     * then used by one thread at a time.
     *
     * @param options sequences, context, batch and cache type
     * @return the session; close it, or it is closed with the model
     * @throws IllegalArgumentException if the engine refuses the options (too many sequences or cells, a cache type
     *                                  other than F32, F16 or BF16)
     * @throws IllegalStateException    if the model is closed
     * @throws LatentjException         if the cache cannot be allocated or the backend cannot start
     */
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

    /** Closes the open sessions, then frees the model and unmaps its file. Idempotent. */
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
