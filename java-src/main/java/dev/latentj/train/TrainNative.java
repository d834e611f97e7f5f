package dev.latentj.train;

import dev.latentj.bindings.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The lj_train_* section of latentj.h: struct layouts and downcall handles, created once. Kept beside the
 * trainer rather than in the jextract-shaped bindings/ so that the training API can change on its own;
 * {@code TrainAbiTest} holds these layouts to the native sizes and offsets.
 */
final class TrainNative {
    private TrainNative() {}

    static final StructLayout PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("n_latent"), JAVA_FLOAT.withName("kd_factor"), JAVA_INT.withName("lora_r"),
            JAVA_FLOAT.withName("lora_alpha"), JAVA_LONG.withName("seed"), JAVA_INT.withName("prj_dim"),
            MemoryLayout.paddingLayout(4)).withName("lj_train_params");

    static final StructLayout EXAMPLE = MemoryLayout.structLayout(
            ADDRESS.withName("prompt"), JAVA_INT.withName("n_prompt"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("ref"), JAVA_INT.withName("n_ref"), JAVA_INT.withName("ref_targets"),
            JAVA_INT.withName("colon_ref"), MemoryLayout.paddingLayout(4),
            ADDRESS.withName("dec"), JAVA_INT.withName("n_dec"), JAVA_INT.withName("colon_dec")).withName("lj_train_example");

    static final StructLayout LOSSES = MemoryLayout.structLayout(
            JAVA_FLOAT.withName("loss"), JAVA_FLOAT.withName("ce_student"), JAVA_FLOAT.withName("ce_teacher"),
            JAVA_FLOAT.withName("kd")).withName("lj_train_losses");

    static final StructLayout ADAMW = MemoryLayout.structLayout(
            JAVA_FLOAT.withName("lr"), JAVA_FLOAT.withName("beta1"), JAVA_FLOAT.withName("beta2"),
            JAVA_FLOAT.withName("eps"), JAVA_FLOAT.withName("weight_decay")).withName("lj_adamw");

    static final int MAX_NAME = 64;
    static final StructLayout TENSOR = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(MAX_NAME, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("name"),
            JAVA_INT.withName("n_dims"), MemoryLayout.paddingLayout(4),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("ne"), JAVA_INT.withName("trainable"),
            MemoryLayout.paddingLayout(4)).withName("lj_train_tensor");

    static long offset(StructLayout s, String field) { return s.byteOffset(groupElement(field)); }

    private static final SymbolLookup LOOKUP;
    static {
        NativeLibrary.load();
        LOOKUP = SymbolLookup.loaderLookup();
    }

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        MemorySegment addr = LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + name));
        return Linker.nativeLinker().downcallHandle(addr, d);
    }

    static final MethodHandle DEFAULT_PARAMS = handle("lj_train_default_params", FunctionDescriptor.of(PARAMS));
    static final MethodHandle NEW = handle("lj_train_new", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
    static final MethodHandle FREE = handle("lj_train_free", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle BACKEND = handle("lj_train_backend", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle BATCH = handle("lj_train_batch", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_INT, ADDRESS));
    static final MethodHandle GRAD_NORM = handle("lj_train_grad_norm", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle STEP = handle("lj_train_step", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_FLOAT));
    static final MethodHandle ZERO_GRAD = handle("lj_train_zero_grad", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle STEPS = handle("lj_train_steps", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    static final MethodHandle SET_STEPS = handle("lj_train_set_steps", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
    static final MethodHandle N_TENSORS = handle("lj_train_n_tensors", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle TENSOR_INFO = handle("lj_train_tensor_info", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    static final MethodHandle GET = handle("lj_train_get", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle SET = handle("lj_train_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle ABI_SIZEOF = handle("lj_abi_sizeof", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    static final MethodHandle ABI_OFFSETOF = handle("lj_abi_offsetof", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
}
