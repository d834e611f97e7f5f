package dev.latentj.gguf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GgmlTypeTest {
    @Test
    void idsAndSizes() throws GgufException {
        assertEquals(GgmlType.Q8_0, GgmlType.byId(8));
        assertEquals(34, GgmlType.Q8_0.typeSize());
        assertEquals(32, GgmlType.Q8_0.blockSize());
        assertEquals(210, GgmlType.Q6_K.typeSize());
        assertEquals(GgmlType.BF16, GgmlType.byId(30));
        assertEquals(GgmlType.MXFP4, GgmlType.byId(39));
        assertEquals(34 * 2, GgmlType.Q8_0.rowBytes(64));
        assertEquals(256, GgmlType.F32.rowBytes(64));
        assertTrue(GgmlType.Q4_K.isQuantized());
        assertFalse(GgmlType.F16.isQuantized());
        for (int removed : new int[] {4, 5, 31, 32, 33, 36, 37, 38, -1, 1000}) {
            GgufException e = assertThrows(GgufException.class, () -> GgmlType.byId(removed));
            assertTrue(e.getMessage().contains("unknown ggml type"));
        }
        assertThrows(IllegalArgumentException.class, () -> GgmlType.Q4_0.rowBytes(33));
        for (GgmlType t : GgmlType.values()) assertEquals(t, GgmlType.byId(t.id()));
    }
}
