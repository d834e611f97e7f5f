package dev.latentj.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GgufValidationTest {

    static List<MalformedGguf.Case> cases() { return MalformedGguf.cases(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsMalformed(MalformedGguf.Case c) {
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.parse(MemorySegment.ofArray(c.bytes()), null));
        assertTrue(e.getMessage().contains(c.expectedMessage()),
                () -> c.name() + ": message '" + e.getMessage() + "' lacks '" + c.expectedMessage() + "'");
    }

    @Test
    void validFileParses() throws GgufException {
        GgufFile f = GgufFile.parse(MemorySegment.ofArray(MalformedGguf.valid()), null);
        assertEquals(2, f.tensors().size());
        assertEquals(192, f.dataOffset()); // 174 header bytes padded to 32
        assertEquals(64, f.tensorData(f.tensor("b").orElseThrow()).byteSize());
    }

    @Test
    void everyTruncationFailsCleanly() {
        byte[] valid = MalformedGguf.valid();
        for (byte[] cut : MalformedGguf.truncations(valid)) {
            GgufException e = assertThrows(GgufException.class, () -> GgufFile.parse(MemorySegment.ofArray(cut), null),
                    "prefix of " + cut.length + " bytes");
            String m = e.getMessage();
            assertTrue(m.contains("truncated") || m.contains("past end of file") || m.contains("exceeds"),
                    () -> cut.length + " bytes: " + m);
        }
    }

    @Test
    void truncationNamesWhatWasBeingRead() {
        byte[] valid = new MalformedGguf.Raw().header(3, 0, 1).kvString("general.architecture", "gpt2").bytes();
        // header is 24 bytes; KV #0's key length is 8 bytes, the key 20 bytes: cut inside the key
        byte[] cut = java.util.Arrays.copyOf(valid, 24 + 8 + 10);
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.parse(MemorySegment.ofArray(cut), null));
        assertTrue(e.getMessage().contains("string length 20 at byte 24 exceeds the 10 bytes left"), e.getMessage());
        byte[] cut2 = java.util.Arrays.copyOf(valid, 24 + 8 + 20 + 2);
        GgufException e2 = assertThrows(GgufException.class, () -> GgufFile.parse(MemorySegment.ofArray(cut2), null));
        assertTrue(e2.getMessage().contains("truncated at byte 54 while reading type of KV #0 'general.architecture'"), e2.getMessage());
    }

    @Test
    void hugeCountsFailFastWithoutAllocating() {
        // an array of u8 claiming 2^31-ish elements in a tiny file must not allocate 2 GB
        byte[] b = new MalformedGguf.Raw().header(3, 0, 1).str("k").u32(9).u32(0).u64(Integer.MAX_VALUE - 100).zeros(8).bytes();
        long t0 = System.nanoTime();
        assertThrows(GgufException.class, () -> GgufFile.parse(MemorySegment.ofArray(b), null));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
    }
}
