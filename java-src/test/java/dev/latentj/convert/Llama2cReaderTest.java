package dev.latentj.convert;

import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class Llama2cReaderTest {
    @TempDir
    Path tmp;

    private static Path stories() {
        return Fixtures.shared("data/models/stories260K").resolve("stories260K.bin");
    }

    @Test
    void stories260KHasTheDocumentedShapes() throws IOException {
        Llama2cModel m = Llama2cReader.read(stories());
        Llama2cConfig c = m.config();
        assertEquals(new Llama2cConfig(64, 172, 5, 8, 4, 512, 512, true), c);
        assertEquals(8, c.headSize());
        assertEquals(32, c.kvDim());
        assertEquals("llama", c.architecture());
        assertEquals(512, c.contextLength());
        assertEquals(1e-5f, c.rmsNormEps());
        assertEquals(10000f, c.ropeFreqBase());
        assertEquals(1 + 5 * 9 + 1, m.tensors().size());
        assertFalse(m.tensors().containsKey("output.weight"), "classifier is tied to the embedding");
        assertEquals(260_032, m.tensors().values().stream().mapToLong(SourceTensor::numel).sum());
        assertShape(m, "token_embd.weight", 512, 64);
        assertShape(m, "output_norm.weight", 64);
        assertShape(m, "blk.4.attn_norm.weight", 64);
        assertShape(m, "blk.4.attn_q.weight", 64, 64);
        assertShape(m, "blk.4.attn_k.weight", 32, 64);
        assertShape(m, "blk.4.attn_v.weight", 32, 64);
        assertShape(m, "blk.4.attn_output.weight", 64, 64);
        assertShape(m, "blk.4.ffn_norm.weight", 64);
        assertShape(m, "blk.4.ffn_gate.weight", 172, 64);
        assertShape(m, "blk.4.ffn_down.weight", 64, 172);
        assertShape(m, "blk.4.ffn_up.weight", 172, 64);
    }

    @Test
    void stories260KSlicesPointAtTheRightBytes() throws IOException {
        Llama2cModel m = Llama2cReader.read(stories());
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(stories())).order(ByteOrder.LITTLE_ENDIAN);
        long v = 512, d = 64, l = 5, kv = 32;
        long wkLayer1 = 7 + v * d + l * d + l * d * d + kv * d; // in floats, header = 7 ints
        assertEquals(raw.getFloat((int) (4 * wkLayer1)), m.tensors().get("blk.1.attn_k.weight").get(0));
        assertEquals(raw.getFloat(28), m.tensors().get("token_embd.weight").get(0));
    }

    @Test
    void syntheticModelIsSplitAndNamedPerLayer() throws IOException {
        // dim 4, hidden 6, 2 layers, 2 heads, 1 kv head (kv_dim 2), vocab 5 (unshared), seq 3: floats hold their own index.
        int d = 4, h = 6, l = 2, kv = 2, v = 5, seq = 3;
        long floats = v * d + l * (2L * d + 2L * d * d + 2L * kv * d + 3L * h * d) + d + seq * 2L + v * d;
        Path f = model(tmp.resolve("synthetic.bin"), new int[] {d, h, l, 2, 1, -v, seq}, floats);
        Llama2cModel m = Llama2cReader.read(f);
        assertFalse(m.config().sharedClassifier());
        assertEquals(v, m.config().vocabSize());
        long off = v * d + l * d + l * d * d + l * kv * d + l * kv * d + l * d * d + l * d + l * h * d; // start of w2
        SourceTensor down1 = m.tensors().get("blk.1.ffn_down.weight");
        assertArrayEquals(new long[] {d, h}, down1.shape());
        assertEquals(off + d * h, down1.get(0));
        assertEquals(floats - v * d, m.tensors().get("output.weight").get(0), "wcls comes after the freq_cis tables");
        assertEquals(floats - v * d - seq * 2 - d, m.tensors().get("output_norm.weight").get(0));
    }

    @Test
    void acceptsFilesWithoutFreqCis() throws IOException {
        int d = 4, h = 6, l = 1, kv = 4, v = 3;
        long floats = v * d + l * (2L * d + 2L * d * d + 2L * kv * d + 3L * h * d) + d;
        Path f = model(tmp.resolve("nofreq.bin"), new int[] {d, h, l, 1, 1, v, 8}, floats);
        assertEquals(2 + 9, Llama2cReader.read(f).tensors().size());
    }

    @Test
    void rejectsTruncatedAndInflatedFiles() throws IOException {
        byte[] all = Files.readAllBytes(stories());
        Path cut = Files.write(tmp.resolve("cut.bin"), Arrays.copyOf(all, all.length - 4));
        var e = assertThrows(CheckpointFormatException.class, () -> Llama2cReader.read(cut));
        assertTrue(e.getMessage().contains("1056536 bytes but the header implies 1056540"), e.getMessage());

        byte[] inflated = all.clone();
        ByteBuffer.wrap(inflated).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 128); // dim 64 -> 128
        Path big = Files.write(tmp.resolve("big.bin"), inflated);
        e = assertThrows(CheckpointFormatException.class, () -> Llama2cReader.read(big));
        assertTrue(e.getMessage().contains("truncated?"), e.getMessage());

        byte[] huge = all.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1 << 30).putInt(12, 1 << 29).putInt(16, 1 << 29);
        Path hugeFile = Files.write(tmp.resolve("huge.bin"), huge);
        e = assertThrows(CheckpointFormatException.class, () -> Llama2cReader.read(hugeFile));
        assertTrue(e.getMessage().contains("overflow") || e.getMessage().contains("header implies"), e.getMessage());

        Path tiny = Files.write(tmp.resolve("tiny.bin"), Arrays.copyOf(all, 20));
        e = assertThrows(CheckpointFormatException.class, () -> Llama2cReader.read(tiny));
        assertTrue(e.getMessage().contains("shorter than the 28-byte"), e.getMessage());
    }

    @Test
    void rejectsInsaneHeaders() throws IOException {
        assertHeaderError(new int[] {64, 172, 5, 7, 1, 512, 512}, "not a multiple of n_heads");
        assertHeaderError(new int[] {64, 172, 5, 8, 3, 512, 512}, "not a multiple of n_kv_heads");
        assertHeaderError(new int[] {12, 172, 5, 4, 4, 512, 512}, "head size 3 is odd");
        assertHeaderError(new int[] {64, 0, 5, 8, 4, 512, 512}, "must be positive");
        assertHeaderError(new int[] {64, 172, 5, 8, 4, Integer.MIN_VALUE, 512}, "out of range");
        assertHeaderError(new int[] {0x616b3432, 1, 0, 0, 0, 0, 0}, "versioned export");
    }

    private void assertHeaderError(int[] header, String expected) throws IOException {
        Path f = model(tmp.resolve("h" + System.nanoTime() + ".bin"), header, 16);
        var e = assertThrows(CheckpointFormatException.class, () -> Llama2cReader.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Path model(Path f, int[] header, long floats) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(28 + 4 * floats)).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : header) b.putInt(x);
        for (int i = 0; i < floats; i++) b.putFloat(i);
        return Files.write(f, b.array());
    }

    private static void assertShape(Llama2cModel m, String name, long... shape) {
        assertArrayEquals(shape, m.tensors().get(name).shape(), name);
    }
}
