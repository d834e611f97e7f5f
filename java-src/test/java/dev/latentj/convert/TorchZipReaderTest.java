package dev.latentj.convert;

import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.*;

class TorchZipReaderTest {
    @TempDir
    Path tmp;

    @Test
    void fixtureMatchesSafetensorsExactly() throws IOException {
        Path dir = Fixtures.fixture("codi-llama-lora-tiny");
        Map<String, SourceTensor> torch = TorchZipReader.read(dir.resolve("pytorch_model.bin"));
        Map<String, SourceTensor> st = SafetensorsTestReader.read(dir.resolve("model.safetensors"));
        assertEquals(55, st.size());
        assertEquals(st.keySet(), torch.keySet());
        for (var e : st.entrySet()) {
            SourceTensor a = torch.get(e.getKey()), b = e.getValue();
            assertEquals(b.dtype(), a.dtype(), e.getKey());
            assertArrayEquals(b.shape(), a.shape(), e.getKey());
            assertEquals(-1, a.data().mismatch(b.data()), e.getKey() + ": bytes differ");
        }
        assertArrayEquals(new long[] {515, 64}, torch.get("codi.base_model.model.lm_head.weight").shape());
    }

    @Test
    void fixtureTensorsAreSlicesOfTheMapping() throws IOException {
        Path bin = Fixtures.fixture("codi-llama-lora-tiny").resolve("pytorch_model.bin");
        try (Arena arena = Arena.ofConfined()) {
            TorchCheckpoint c = TorchZipReader.read(bin, arena);
            assertTrue(c.skipped().isEmpty(), c.skipped()::toString);
            assertTrue(c.tensors().values().stream().allMatch(t -> t.data().isNative() && t.data().isReadOnly()));
        }
    }

    @Test
    void handBuiltStateDictWithSkipsAndBuild() throws IOException {
        byte[] f16 = le(s -> { s.putShort((short) 0x3c00); s.putShort((short) 0x4000); s.putShort((short) 0x4200); });
        byte[] i64 = le(s -> { s.putLong(0); s.putLong(1); });
        PickleWriter p = new PickleWriter().proto(2).orderedDict().mark()
                .tensorItem("w", "HalfStorage", "0", 3, 1, new long[] {2, 1}, new long[] {1, 7})
                .tensorItem("position_ids", "LongStorage", "1", 2, 0, new long[] {1, 2}, new long[] {2, 1})
                .str("step").integer(5)
                .op('u');
        // state_dict()._metadata arrives as BUILD state: attributes, not items.
        p.op('}').str("_metadata").op('}').op('s').op('b').stop();
        Path bin = TestZips.write(tmp.resolve("m.bin"), "archive", p.bytes(), Map.of("0", f16, "1", i64));
        TorchCheckpoint c = TorchZipReader.read(bin, Arena.ofAuto());
        assertEquals(List.of("w"), List.copyOf(c.tensors().keySet()));
        SourceTensor w = c.tensors().get("w");
        assertEquals(SourceTensor.DType.F16, w.dtype());
        assertArrayEquals(new float[] {2f, 3f}, w.toFloats());
        assertEquals(2, c.skipped().size());
        assertTrue(c.skipped().get(0).startsWith("position_ids: LongStorage"), c.skipped().get(0));
        assertTrue(c.skipped().get(1).startsWith("step: not a tensor"), c.skipped().get(1));
    }

    @Test
    void rejectsOsSystem() throws IOException {
        byte[] evil = new PickleWriter().proto(2).global("os", "system").str("touch /tmp/pwned").op(0x85).reduce().stop().bytes();
        var e = assertThrows(UnsafePickleException.class, () -> read(evil, Map.of()));
        assertTrue(e.getMessage().contains("pickle calls os.system: only tensor rebuilding is allowed"), e.getMessage());
    }

    @Test
    void rejectsBuiltinsEvalViaStackGlobal() throws IOException {
        byte[] evil = new PickleWriter().proto(4).str("builtins").str("eval").op(0x93).str("1+1").op(0x85).reduce().stop().bytes();
        var e = assertThrows(UnsafePickleException.class, () -> read(evil, Map.of()));
        assertTrue(e.getMessage().contains("builtins.eval"), e.getMessage());
    }

    @Test
    void rejectsGlobalInsideTensorArgs() throws IOException {
        byte[] evil = new PickleWriter().proto(2).op('}').mark().str("w").global("subprocess", "Popen").op('u').stop().bytes();
        var e = assertThrows(UnsafePickleException.class, () -> read(evil, Map.of()));
        assertTrue(e.getMessage().contains("subprocess.Popen"), e.getMessage());
    }

    @Test
    void rejectsUnknownOpcode() {
        byte[] inst = new PickleWriter().proto(2).op('}').op('i').stop().bytes(); // INST imports by name: not implemented
        var e = assertThrows(CheckpointFormatException.class, () -> read(inst, Map.of()));
        assertTrue(e.getMessage().contains("unsupported pickle opcode 0x69"), e.getMessage());
    }

    @Test
    void rejectsTruncatedPickle() throws IOException {
        Path bin = Fixtures.fixture("codi-llama-lora-tiny").resolve("pytorch_model.bin");
        byte[] pkl;
        try (ZipFile z = new ZipFile(bin.toFile())) {
            pkl = z.getInputStream(z.getEntry("pytorch_model/data.pkl")).readAllBytes();
        }
        for (int cut : new int[] {0, 1, 50, pkl.length / 2, pkl.length - 1}) {
            var e = assertThrows(CheckpointFormatException.class, () -> read(Arrays.copyOf(pkl, cut), Map.of()));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        // A BINUNICODE whose length runs past the end must not allocate it.
        byte[] huge = new PickleWriter().proto(2).op('X', 0xff, 0xff, 0xff, 0x7f).bytes();
        var e = assertThrows(CheckpointFormatException.class, () -> read(huge, Map.of()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void mutatedPicklesFailOnlyWithIOException() throws IOException {
        Path bin = Fixtures.fixture("codi-llama-lora-tiny").resolve("pytorch_model.bin");
        Map<String, byte[]> storages = new LinkedHashMap<>();
        byte[] pkl;
        try (ZipFile z = new ZipFile(bin.toFile())) {
            pkl = z.getInputStream(z.getEntry("pytorch_model/data.pkl")).readAllBytes();
            for (var e : java.util.Collections.list(z.entries())) {
                String n = e.getName();
                if (n.startsWith("pytorch_model/data/")) storages.put(n.substring(19), z.getInputStream(e).readAllBytes());
            }
        }
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] m = pkl.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            try {
                read(m, storages);
            } catch (IOException expected) {
                // any clear rejection is fine; runtime exceptions or hangs are not
            }
        }
    }

    @Test
    void rejectsStackUnderflow() {
        byte[] p = new PickleWriter().proto(2).reduce().stop().bytes();
        var e = assertThrows(CheckpointFormatException.class, () -> read(p, Map.of()));
        assertTrue(e.getMessage().contains("underflow"), e.getMessage());
    }

    @Test
    void rejectsMissingStorage() {
        byte[] p = stateDict("w", "FloatStorage", "7", 4, 0, new long[] {4}, new long[] {1});
        var e = assertThrows(CheckpointFormatException.class, () -> read(p, Map.of("0", new byte[16])));
        assertTrue(e.getMessage().contains("storage archive/data/7 missing"), e.getMessage());
    }

    @Test
    void rejectsStorageTooSmall() {
        byte[] declared = stateDict("w", "FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1});
        var e = assertThrows(CheckpointFormatException.class, () -> read(declared, Map.of("0", new byte[12])));
        assertTrue(e.getMessage().contains("declares 4 elements"), e.getMessage());
        byte[] extent = stateDict("w", "FloatStorage", "0", 4, 2, new long[] {3}, new long[] {1});
        e = assertThrows(CheckpointFormatException.class, () -> read(extent, Map.of("0", new byte[16])));
        assertTrue(e.getMessage().contains("needs storage elements [2, 5)"), e.getMessage());
    }

    @Test
    void rejectsNonContiguousStrides() {
        byte[] p = stateDict("w", "FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {1, 2}); // a transpose view
        var e = assertThrows(CheckpointFormatException.class, () -> read(p, Map.of("0", new byte[24])));
        assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
    }

    @Test
    void rejectsNonZip() throws IOException {
        Path f = tmp.resolve("legacy.bin");
        java.nio.file.Files.write(f, new byte[] {(byte) 0x80, 2, '.', 0, 0, 0});
        var e = assertThrows(CheckpointFormatException.class, () -> TorchZipReader.read(f));
        assertTrue(e.getMessage().contains("not a zip file"), e.getMessage());
    }

    private static byte[] stateDict(String name, String type, String key, long numel, long offset, long[] size, long[] stride) {
        return new PickleWriter().proto(2).op('}').mark().tensorItem(name, type, key, numel, offset, size, stride).op('u').stop().bytes();
    }

    private LinkedHashMap<String, SourceTensor> read(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        return TorchZipReader.read(TestZips.write(tmp.resolve("t" + System.nanoTime() + ".bin"), "archive", pickle, storages));
    }

    private interface Fill { void fill(ByteBuffer b); }

    private static byte[] le(Fill f) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        f.fill(b);
        return Arrays.copyOf(b.array(), b.position());
    }
}
