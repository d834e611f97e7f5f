package dev.latentj.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GgufRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void allKvTypesAndTensorTypesRoundTrip() throws IOException {
        GgufWriter w = new GgufWriter();
        w.putU8("t.u8", 200).putI8("t.i8", -5).putU16("t.u16", 65000).putI16("t.i16", -30000)
                .putU32("t.u32", 4_000_000_000L).putI32("t.i32", -7).putF32("t.f32", 1.5f).putBool("t.bool", true)
                .putString("t.str", "héllo ✓").putU64("t.u64", -1L).putI64("t.i64", Long.MIN_VALUE).putF64("t.f64", Math.PI)
                .putStringArray("t.strs", List.of("a", "", "ü"))
                .putI32Array("t.i32s", new int[] {1, -2, 3})
                .putF32Array("t.f32s", new float[] {0.5f, -1f})
                .putU8Array("t.u8s", new byte[] {(byte) 255, 0})
                .putArray("t.nested", new GgufArray(GgufValueType.ARRAY, new GgufArray[] {
                        new GgufArray(GgufValueType.UINT16, new short[] {1, 2}),
                        new GgufArray(GgufValueType.BOOL, new byte[] {1, 0})}))
                .putArray("t.u64s", new GgufArray(GgufValueType.UINT64, new long[] {5, -1}));

        Arena arena = Arena.ofAuto();
        MemorySegment f32 = arena.allocate(4 * 6);
        for (int i = 0; i < 6; i++) f32.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, i * 0.25f);
        MemorySegment q8 = arena.allocate(34 * 2);
        for (int i = 0; i < q8.byteSize(); i++) q8.set(ValueLayout.JAVA_BYTE, i, (byte) i);
        w.addTensor("f32", GgmlType.F32, new long[] {3, 2}, f32);
        w.addTensor("q8", GgmlType.Q8_0, new long[] {64}, q8);
        w.addTensor("f16.streamed", GgmlType.F16, new long[] {2, 1, 1, 5}, TensorData.streamed(ch -> {
            ByteBuffer b = ByteBuffer.allocate(20);
            for (int i = 0; i < 20; i++) b.put((byte) (100 + i));
            b.flip();
            while (b.hasRemaining()) ch.write(b);
        }));
        w.addTensor("bf16", GgmlType.BF16, new long[] {1}, arena.allocate(2));
        Path p = tmp.resolve("x.gguf");
        w.write(p);

        try (GgufFile f = GgufFile.open(p)) {
            GgufMetadata md = f.metadata();
            assertEquals(3, f.version());
            assertEquals(32, f.alignment());
            assertEquals(200, md.getInt("t.u8"));
            assertEquals(-5, md.getInt("t.i8"));
            assertEquals(65000, md.getInt("t.u16"));
            assertEquals(-30000, md.getInt("t.i16"));
            assertEquals(4_000_000_000L, md.getLong("t.u32"));
            assertThrows(GgufException.class, () -> md.getInt("t.u32"));
            assertEquals(-7, md.getInt("t.i32"));
            assertEquals(1.5f, md.getFloat("t.f32"));
            assertTrue(md.getBool("t.bool"));
            assertEquals("héllo ✓", md.getString("t.str"));
            assertEquals(GgufValueType.UINT64, md.type("t.u64"));
            assertEquals(-1L, md.raw("t.u64"));
            GgufException big = assertThrows(GgufException.class, () -> md.getLong("t.u64"));
            assertTrue(big.getMessage().contains("18446744073709551615"));
            assertEquals(Long.MIN_VALUE, md.getLong("t.i64"));
            assertEquals((float) Math.PI, md.getFloat("t.f64"));
            assertEquals(List.of("a", "", "ü"), md.getStringArray("t.strs"));
            assertArrayEquals(new int[] {1, -2, 3}, md.getIntArray("t.i32s"));
            assertArrayEquals(new float[] {0.5f, -1f}, md.getFloatArray("t.f32s"));
            assertArrayEquals(new int[] {255, 0}, md.getIntArray("t.u8s"));
            GgufArray nested = md.getArray("t.nested");
            assertEquals(GgufValueType.ARRAY, nested.elementType());
            assertEquals(2L, ((GgufArray) nested.get(0)).get(1));
            assertEquals(true, ((GgufArray) nested.get(1)).get(0));
            assertThrows(GgufException.class, () -> md.getIntArray("t.u64s"));
            assertEquals(List.copyOf(md.keys()).getFirst(), "t.u8");
            assertEquals(7, md.getIntOrDefault("missing", 7));
            GgufException missing = assertThrows(GgufException.class, () -> md.getString("missing.key"));
            assertEquals("metadata key 'missing.key' is missing", missing.getMessage());
            GgufException wrong = assertThrows(GgufException.class, () -> md.getString("t.u8"));
            assertEquals("metadata key 't.u8' is UINT8, expected STRING", wrong.getMessage());

            assertEquals(List.of("f32", "q8", "f16.streamed", "bf16"), f.tensors().stream().map(GgufTensorInfo::name).toList());
            GgufTensorInfo t = f.tensor("f32").orElseThrow();
            assertArrayEquals(new long[] {3, 2}, t.ne());
            assertEquals(6, t.numel());
            assertEquals(2, t.nDims());
            assertEquals(-1, f.tensorData(t).mismatch(f32));
            assertEquals(-1, f.tensorData(f.tensor("q8").orElseThrow()).mismatch(q8));
            GgufTensorInfo s = f.tensor("f16.streamed").orElseThrow();
            assertEquals(GgmlType.F16, s.type());
            assertEquals(20, s.byteSize());
            assertEquals(119, f.tensorData(s).get(ValueLayout.JAVA_BYTE, 19));
            for (GgufTensorInfo ti : f.tensors()) assertEquals(0, ti.offset() % 32);
            assertEquals(0, f.dataOffset() % 32);
        }
        assertEquals(0, Files.list(tmp).filter(x -> x.toString().endsWith(".tmp")).count());
    }

    @Test
    void customAlignmentAndProducerSizeChecked() throws IOException {
        GgufWriter w = new GgufWriter().alignment(64);
        w.addTensor("a", GgmlType.F32, new long[] {1}, Arena.ofAuto().allocate(4));
        w.addTensor("b", GgmlType.F32, new long[] {1}, Arena.ofAuto().allocate(4));
        Path p = tmp.resolve("a.gguf");
        w.write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(64, f.alignment());
            assertEquals(64, f.tensor("b").orElseThrow().offset());
        }
        GgufWriter bad = new GgufWriter();
        bad.addTensor("a", GgmlType.F32, new long[] {2}, TensorData.streamed(ch -> ch.write(ByteBuffer.allocate(4))));
        IOException e = assertThrows(IOException.class, () -> bad.write(tmp.resolve("bad.gguf")));
        assertTrue(e.getMessage().contains("tensor 'a': producer wrote 4 bytes, expected 8"));
        assertFalse(Files.exists(tmp.resolve("bad.gguf")));
        assertThrows(IllegalArgumentException.class, () -> new GgufWriter().putU32("k", 1).putU32("k", 2));
        assertThrows(IllegalArgumentException.class,
                () -> new GgufWriter().addTensor("q", GgmlType.Q4_0, new long[] {33}, Arena.ofAuto().allocate(18)));
    }

    @Test
    void readsLlamaCppVocabFile() throws IOException {
        Path p = Path.of("/root/.cache/latentj/llama.cpp/models/ggml-vocab-gpt-2.gguf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(p), "llama.cpp vocab file absent");
        try (GgufFile f = GgufFile.open(p)) {
            GgufMetadata md = f.metadata();
            assertEquals("gpt2", md.getString("general.architecture"));
            assertEquals("gpt2", md.getString("tokenizer.ggml.model"));
            List<String> tokens = md.getStringArray("tokenizer.ggml.tokens");
            assertEquals(50257, tokens.size());
            assertEquals("!", tokens.get(0));
            assertTrue(md.getStringArray("tokenizer.ggml.merges").size() > 40000);
            assertEquals(50256, md.getInt("tokenizer.ggml.eos_token_id"));
            assertEquals(tokens.size(), md.getIntArray("tokenizer.ggml.token_type").length);
        }
    }
}
