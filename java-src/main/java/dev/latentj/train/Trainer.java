package dev.latentj.train;

import dev.latentj.engine.Backend;
import dev.latentj.engine.LatentjException;
import dev.latentj.engine.Model;
import dev.latentj.engine.ModelChecks;
import dev.latentj.engine.ModelConfig;
import dev.latentj.engine.ModelSpec;
import dev.latentj.engine.NativeStatus;
import dev.latentj.gguf.GgufFile;
import dev.latentj.params.Param;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.latentj.train.TrainNative.ADAMW;
import static dev.latentj.train.TrainNative.EXAMPLE;
import static dev.latentj.train.TrainNative.LOSSES;
import static dev.latentj.train.TrainNative.PARAMS;
import static dev.latentj.train.TrainNative.TENSOR;
import static dev.latentj.train.TrainNative.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A model under CODI training in the native engine (docs/codi-training.md): F32 weights (or LoRA adapters),
 * gradient accumulators and AdamW moments on the model's backend. One batch at a time: {@link #batch}
 * adds its gradient, {@link #step} applies AdamW and clears them. Not thread-safe.
 */
public final class Trainer implements AutoCloseable {

    /**
     * What the trainer holds and how the loss is made.
     *
     * @param latents   the student's latent steps
     * @param kdFactor  loss = ce_student + kdFactor * kd + ce_teacher
     * @param loraR     0: every tensor is trained; else LoRA rank on each attention and MLP linear
     * @param loraAlpha adapters add (loraAlpha / loraR) B A
     * @param seed      init of LoRA A and of a projection created for a base that has none
     * @param prjDim    that projection's inner width (0: the model's width)
     * @param backend   where the weights live and the graphs run
     * @param threads   CPU threads (0: all cores but one)
     */
    public record Options(int latents, float kdFactor, int loraR, float loraAlpha, long seed, int prjDim,
                          Backend backend, int threads) {
        /** Checks the ranges of {@link Param}, the CLI's own; loraR 0 means full training. */
        public Options {
            Param.LATENTS.check(latents);
            Param.KD_FACTOR.check(kdFactor);
            if (loraR != 0) Param.LORA_R.check(loraR);
            Param.LORA_ALPHA.check(loraAlpha);
            Param.THREADS.check(threads);
            if (prjDim < 0) throw new IllegalArgumentException("prjDim must be >= 0, got " + prjDim);
            Objects.requireNonNull(backend, "backend");
        }

        /**
         * {@return every tensor trained, on the default backend, seed 42}
         *
         * @param latents  the student's latent steps
         * @param kdFactor the weight of the distillation term
         */
        public static Options full(int latents, float kdFactor) {
            return new Options(latents, kdFactor, 0, 16f, 42, 0, Backend.AUTO, 0);
        }
    }

    /** What a tensor slot holds (lj_train_slot). */
    public enum Slot {
        /** The tensor itself. */
        VALUE(0),
        /** Its accumulated gradient (trainable tensors only). */
        GRAD(1),
        /** AdamW's first moment. */
        ADAM_M(2),
        /** AdamW's second moment. */
        ADAM_V(3),
        /** Read only: an adapted weight with its LoRA delta merged, else the value. */
        MERGED(4);

        final int id;

        Slot(int id) { this.id = id; }
    }

    /**
     * One of the trainer's tensors.
     *
     * @param name      its GGUF name; adapters are {@code <weight>.lora_a} and {@code <weight>.lora_b}
     * @param ne        its shape in ggml order
     * @param trainable whether the optimiser updates it
     */
    public record TensorInfo(String name, long[] ne, boolean trainable) {
        /** {@return the number of elements} */
        public long elements() {
            long n = 1;
            for (long x : ne) n *= x;
            return n;
        }
    }

    /**
     * The loss terms of one batch.
     *
     * @param loss      ce_student + kd_factor * kd + ce_teacher
     * @param ceStudent the student's answer cross-entropy
     * @param ceTeacher the teacher's cross-entropy over the chain of thought and the answer
     * @param kd        the distillation term
     */
    public record Losses(float loss, float ceStudent, float ceTeacher, float kd) {}

    /**
     * torch.optim.AdamW's hyper-parameters for one step.
     *
     * @param lr          the learning rate
     * @param beta1       the first moment's decay
     * @param beta2       the second moment's decay
     * @param eps         added to the second moment's root
     * @param weightDecay decoupled weight decay
     */
    public record AdamW(float lr, float beta1, float beta2, float eps, float weightDecay) {}

    private final MemorySegment handle;
    private final ModelConfig config;
    private final List<TensorInfo> tensors;
    private boolean closed;

    private Trainer(MemorySegment handle, ModelConfig config) {
        this.handle = handle;
        this.config = config;
        this.tensors = List.copyOf(readTensors());
    }

    /**
     * F32 copies of a GGUF's weights (quantised types dequantised); the file may be closed afterwards.
     *
     * @param file    the model
     * @param options what is trained, and where
     * @return the trainer, to be closed
     * @throws IOException when the model is not one latentj runs
     */
    public static Trainer create(GgufFile file, Options options) throws IOException {
        ModelConfig config = ModelChecks.validate(file);
        MemorySegment data = file.segment().asSlice(file.dataOffset());
        try (Arena arena = Arena.ofConfined()) {
            ModelSpec spec = ModelSpec.of(file, config, new Model.Options(options.backend(), options.threads()), arena);
            MemorySegment tp = trainParams(arena, options);
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) TrainNative.NEW.invokeExact(spec.params(), spec.tensors(), spec.nTensors(), data, spec.dataSize(), tp, out));
            return new Trainer(out.get(ADDRESS, 0), config);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static MemorySegment trainParams(Arena arena, Options o) throws Throwable {
        MemorySegment p = (MemorySegment) TrainNative.DEFAULT_PARAMS.invokeExact((SegmentAllocator) arena);
        p.set(JAVA_INT, offset(PARAMS, "n_latent"), o.latents());
        p.set(JAVA_FLOAT, offset(PARAMS, "kd_factor"), o.kdFactor());
        p.set(JAVA_INT, offset(PARAMS, "lora_r"), o.loraR());
        p.set(JAVA_FLOAT, offset(PARAMS, "lora_alpha"), o.loraAlpha());
        p.set(JAVA_LONG, offset(PARAMS, "seed"), o.seed());
        p.set(JAVA_INT, offset(PARAMS, "prj_dim"), o.prjDim());
        return p;
    }

    /** {@return the model's hyper-parameters} */
    public ModelConfig config() { return config; }

    /** {@return the trainer's tensors: the model's (with a created projection), then LoRA adapters} */
    public List<TensorInfo> tensors() { return tensors; }

    /** {@return the device the trainer runs on ("CPU", "CUDA0")} */
    public String backendName() {
        try {
            return ((MemorySegment) TrainNative.BACKEND.invokeExact(handle())).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The losses of one batch; with {@code backward}, its gradient times {@code weight} is added to the accumulators.
     *
     * @param rows     the examples, padded on the right into one batch
     * @param weight   the gradient's factor (1 / micro-batches per step)
     * @param backward whether to accumulate the gradient
     * @return the loss terms, each averaged as the objective does
     */
    public Losses batch(List<Example> rows, float weight, boolean backward) {
        if (rows.isEmpty()) throw new IllegalArgumentException("empty batch");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ex = arena.allocate(EXAMPLE, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Example e = rows.get(i);
                MemorySegment s = ex.asSlice(i * EXAMPLE.byteSize(), EXAMPLE);
                s.set(ADDRESS, offset(EXAMPLE, "prompt"), arena.allocateFrom(JAVA_INT, e.prompt()));
                s.set(JAVA_INT, offset(EXAMPLE, "n_prompt"), e.prompt().length);
                s.set(ADDRESS, offset(EXAMPLE, "ref"), arena.allocateFrom(JAVA_INT, e.ref()));
                s.set(JAVA_INT, offset(EXAMPLE, "n_ref"), e.ref().length);
                s.set(JAVA_INT, offset(EXAMPLE, "ref_targets"), e.refTargets());
                s.set(JAVA_INT, offset(EXAMPLE, "colon_ref"), e.colonRef());
                s.set(ADDRESS, offset(EXAMPLE, "dec"), arena.allocateFrom(JAVA_INT, e.dec()));
                s.set(JAVA_INT, offset(EXAMPLE, "n_dec"), e.dec().length);
                s.set(JAVA_INT, offset(EXAMPLE, "colon_dec"), e.colonDec());
            }
            MemorySegment out = arena.allocate(LOSSES);
            check((int) TrainNative.BATCH.invokeExact(handle(), ex, rows.size(), weight, backward ? 1 : 0, out));
            return new Losses(out.get(JAVA_FLOAT, offset(LOSSES, "loss")), out.get(JAVA_FLOAT, offset(LOSSES, "ce_student")),
                    out.get(JAVA_FLOAT, offset(LOSSES, "ce_teacher")), out.get(JAVA_FLOAT, offset(LOSSES, "kd")));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@return the L2 norm of all accumulated gradients together} */
    public double gradNorm() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE);
            check((int) TrainNative.GRAD_NORM.invokeExact(handle(), out));
            return out.get(ValueLayout.JAVA_DOUBLE, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * AdamW on the accumulated gradients times {@code gradScale}; then clears them.
     *
     * @param a         the step's hyper-parameters
     * @param gradScale the clipping factor
     */
    public void step(AdamW a, float gradScale) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADAMW);
            p.set(JAVA_FLOAT, offset(ADAMW, "lr"), a.lr());
            p.set(JAVA_FLOAT, offset(ADAMW, "beta1"), a.beta1());
            p.set(JAVA_FLOAT, offset(ADAMW, "beta2"), a.beta2());
            p.set(JAVA_FLOAT, offset(ADAMW, "eps"), a.eps());
            p.set(JAVA_FLOAT, offset(ADAMW, "weight_decay"), a.weightDecay());
            check((int) TrainNative.STEP.invokeExact(handle(), p, gradScale));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Clears the accumulated gradients. */
    public void zeroGrad() {
        try {
            check((int) TrainNative.ZERO_GRAD.invokeExact(handle()));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@return the optimiser steps taken so far (AdamW's bias correction counts them)} */
    public long steps() {
        try {
            return (long) TrainNative.STEPS.invokeExact(handle());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Sets the optimiser steps taken, when resuming a checkpoint.
     *
     * @param steps the steps the checkpoint had taken
     */
    public void setSteps(long steps) {
        try {
            TrainNative.SET_STEPS.invokeExact(handle(), steps);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@return a copy of one slot of a tensor}
     *
     * @param name the tensor's name
     * @param slot which of its values
     */
    public float[] get(String name, Slot slot) {
        TensorInfo info = info(name);
        float[] v = new float[Math.toIntExact(info.elements())];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(JAVA_FLOAT, v.length);
            check((int) TrainNative.GET.invokeExact(handle(), arena.allocateFrom(name), slot.id, buf, (long) v.length));
            MemorySegment.copy(buf, JAVA_FLOAT, 0, v, 0, v.length);
            return v;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Overwrites one slot of a tensor.
     *
     * @param name   the tensor's name
     * @param slot   which of its values ({@link Slot#MERGED} is read only)
     * @param values as many as the tensor's elements
     */
    public void set(String name, Slot slot, float[] values) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_FLOAT, values);
            check((int) TrainNative.SET.invokeExact(handle(), arena.allocateFrom(name), slot.id, buf, (long) values.length));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@return the tensor of that name}
     *
     * @param name the tensor's name
     */
    public TensorInfo info(String name) {
        for (TensorInfo t : tensors) {
            if (t.name().equals(name)) return t;
        }
        throw new IllegalArgumentException("no tensor '" + name + "' in the trainer");
    }

    private List<TensorInfo> readTensors() {
        try (Arena arena = Arena.ofConfined()) {
            int n = (int) TrainNative.N_TENSORS.invokeExact(handle);
            List<TensorInfo> r = new ArrayList<>(n);
            MemorySegment t = arena.allocate(TENSOR);
            for (int i = 0; i < n; i++) {
                check((int) TrainNative.TENSOR_INFO.invokeExact(handle, i, t));
                int dims = t.get(JAVA_INT, offset(TENSOR, "n_dims"));
                long[] ne = new long[dims];
                for (int k = 0; k < dims; k++) ne[k] = t.get(JAVA_LONG, offset(TENSOR, "ne") + 8L * k);
                r.add(new TensorInfo(t.getString(offset(TENSOR, "name")), ne, t.get(JAVA_INT, offset(TENSOR, "trainable")) != 0));
            }
            return r;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private MemorySegment handle() {
        if (closed) throw new IllegalStateException("trainer is closed");
        return handle;
    }

    private static void check(int status) { NativeStatus.check(status); }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new LatentjException(t.toString());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            TrainNative.FREE.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
