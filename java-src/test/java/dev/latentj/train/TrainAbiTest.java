package dev.latentj.train;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java layouts of the lj_train_* structs against the C ABI (lj_abi_sizeof / lj_abi_offsetof). */
class TrainAbiTest {
    @Test
    void layoutsMatchTheNativeStructs() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            for (StructLayout s : List.of(TrainNative.PARAMS, TrainNative.EXAMPLE, TrainNative.LOSSES, TrainNative.ADAMW, TrainNative.TENSOR)) {
                String type = s.name().orElseThrow();
                MemorySegment t = arena.allocateFrom(type);
                assertEquals((long) TrainNative.ABI_SIZEOF.invokeExact(t), s.byteSize(), "sizeof " + type);
                for (MemoryLayout m : s.memberLayouts()) {
                    if (m.name().isEmpty()) continue; // padding
                    String f = m.name().get();
                    long want = (long) TrainNative.ABI_OFFSETOF.invokeExact(t, arena.allocateFrom(f));
                    assertEquals(want, TrainNative.offset(s, f), "offsetof " + type + "." + f);
                }
            }
        }
    }
}
