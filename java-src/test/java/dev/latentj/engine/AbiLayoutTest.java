package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;
import dev.latentj.bindings.lj_model_params;
import dev.latentj.bindings.lj_row;
import dev.latentj.bindings.lj_session_params;
import dev.latentj.bindings.lj_tensor_desc;
import dev.latentj.sampling.TopK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The struct layouts in bindings/ must match the C ABI that the native library was compiled with, and the
 * constants Java cannot read from bindings/ must equal the header's.
 */
class AbiLayoutTest {

    static Stream<Arguments> structs() {
        return Stream.of(
                Arguments.of("lj_tensor_desc", lj_tensor_desc.layout()),
                Arguments.of("lj_model_params", lj_model_params.layout()),
                Arguments.of("lj_session_params", lj_session_params.layout()),
                Arguments.of("lj_row", lj_row.layout()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structs")
    void layoutMatchesNative(String name, GroupLayout layout) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cname = arena.allocateFrom(name);
            assertEquals(latentj_h.lj_abi_sizeof(cname), layout.byteSize(), name + ": sizeof");
            int fields = 0;
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member.name().isEmpty()) continue; // padding
                String field = member.name().get();
                long nativeOffset = latentj_h.lj_abi_offsetof(cname, arena.allocateFrom(field));
                assertTrue(nativeOffset >= 0, name + "." + field + " is unknown to the native library");
                assertEquals(nativeOffset, layout.byteOffset(MemoryLayout.PathElement.groupElement(field)), name + "." + field + ": offset");
                fields++;
            }
            assertTrue(fields > 0);
        }
    }

    @Test
    void javaConstantsAreTheHeaders() {
        // sampling sits below bindings, so it keeps its own copy of the device's largest K
        assertEquals(latentj_h.LJ_MAX_TOPK(), TopK.MAX_DEVICE_K);
    }
}
