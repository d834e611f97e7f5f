package dev.latentj.convert;

import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsReaderTest {
    @TempDir
    Path tmp;

    static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < dataBytes / 4; i++) b.putFloat(8 + h.length + i * 4, i);
        return b.array();
    }

    static String parseError(byte[] bytes) {
        return assertThrows(ConversionException.class, () -> SafetensorsReader.parse(MemorySegment.ofArray(bytes), new HashMap<>())).getMessage();
    }

    @Test
    void parsesValidHeader() throws ConversionException {
        Map<String, String> md = new HashMap<>();
        var t = SafetensorsReader.parse(MemorySegment.ofArray(file("""
                {"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},
                 "b":{"dtype":"BF16","shape":[4],"data_offsets":[16,24]},"s":{"dtype":"F16","shape":[],"data_offsets":[24,26]}}""", 28)), md);
        assertEquals("pt", md.get("format"));
        assertArrayEquals(new float[] {0, 1, 2, 3}, t.get("a").toFloats());
        assertEquals(SourceTensor.DType.BF16, t.get("b").dtype());
        assertEquals(1, t.get("s").numel());
    }

    @Test
    void rejectsMalformed() {
        assertTrue(parseError(new byte[4]).contains("truncated"));
        byte[] huge = file("{}", 0);
        huge[7] = 0x7f;
        assertTrue(parseError(huge).contains("header length"), parseError(huge));
        assertTrue(parseError(file("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8))
                .contains("tensor 'a': dtype 'I64' is not supported"));
        assertEquals("tensor 'a': data_offsets [0, 64) outside the data section (16 bytes)",
                parseError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[16],\"data_offsets\":[0,64]}}", 16)));
        assertEquals("tensor 'a': data_offsets [0, 12) hold 12 bytes but shape [4] of F32 needs 16",
                parseError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}", 16)));
        assertTrue(parseError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16)).contains("overlap"));
        assertTrue(parseError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0)).contains("bad dimension"));
        assertTrue(parseError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904, 4],\"data_offsets\":[0,0]}}", 0)).contains("overflows"));
        assertTrue(parseError(file("[1]", 0)).contains("not a JSON object"));
        assertTrue(parseError(file("{\"a\":", 0)).contains("invalid JSON"));
    }

    @Test
    void shardedIndexErrors() throws IOException {
        Path dir = tmp.resolve("ck");
        Files.createDirectories(dir);
        Files.write(dir.resolve("s1.safetensors"), file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        Files.writeString(dir.resolve(SafetensorsReader.INDEX), "{\"weight_map\":{\"a\":\"s1.safetensors\",\"b\":\"s2.safetensors\"}}");
        IOException e = assertThrows(IOException.class, () -> SafetensorsReader.open(dir));
        assertTrue(e.getMessage().contains("shard file 's2.safetensors' is missing"), e.getMessage());
        Files.writeString(dir.resolve(SafetensorsReader.INDEX), "{\"weight_map\":{\"a\":\"../s1.safetensors\"}}");
        e = assertThrows(IOException.class, () -> SafetensorsReader.open(dir));
        assertTrue(e.getMessage().contains("is not a file name"), e.getMessage());
        Files.writeString(dir.resolve(SafetensorsReader.INDEX), "{\"weight_map\":{\"zz\":\"s1.safetensors\"}}");
        e = assertThrows(IOException.class, () -> SafetensorsReader.open(dir));
        assertTrue(e.getMessage().contains("tensor 'zz' is not in shard 's1.safetensors'"), e.getMessage());
    }

    @Test
    void readsShardedFixture() throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(Fixtures.fixture("codi-gpt2-tiny"))) {
            assertEquals(4 * 12 + 4 + 6, r.tensors().size());
            assertArrayEquals(new long[] {50260, 256}, r.tensors().get("codi.transformer.wte.weight").shape());
        }
    }
}
