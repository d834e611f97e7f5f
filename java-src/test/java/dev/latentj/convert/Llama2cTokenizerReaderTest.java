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

class Llama2cTokenizerReaderTest {
    @TempDir
    Path tmp;

    private static Path tok512() {
        return Fixtures.shared("data/models/stories260K").resolve("tok512.bin");
    }

    @Test
    void readsTok512AsLlamaCppWould() throws IOException {
        Llama2cVocab v = Llama2cTokenizerReader.read(tok512(), 512);
        assertEquals(512, v.size());
        assertEquals(java.util.List.of("<unk>", "<s>", "</s>"), v.tokens().subList(0, 3));
        assertArrayEquals(new int[] {2, 3, 3, 6}, Arrays.copyOf(v.tokenTypes(), 4));
        assertEquals("<0x00>", v.tokens().get(3));
        assertEquals("<0xFF>", v.tokens().get(258));
        assertEquals(6, v.tokenTypes()[258]);
        assertEquals("\u2581t", v.tokens().get(259));
        assertEquals(1, v.tokenTypes()[259]);
        assertEquals("he", v.tokens().get(260));
        assertEquals(-1f, v.scores()[260]);
        assertEquals("\u2581the", v.tokens().get(265));
        assertEquals("\u200a", v.tokens().get(511), "only ASCII spaces become U+2581");
        assertEquals(-252f, v.scores()[511]);
        assertEquals(253, Arrays.stream(v.tokenTypes()).filter(t -> t == Llama2cVocab.TYPE_NORMAL).count());
    }

    @Test
    void rejectsWrongVocabSize() {
        // outside assertThrows: a missing fixture must skip the test, not count as the expected exception's absence
        Path tok = tok512();
        var e = assertThrows(CheckpointFormatException.class, () -> Llama2cTokenizerReader.read(tok, 511));
        assertTrue(e.getMessage().contains("bytes left after 511 tokens"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> Llama2cTokenizerReader.read(tok, 513));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> Llama2cTokenizerReader.read(tok, 1 << 20));
        assertTrue(e.getMessage().contains("cannot hold"), e.getMessage());
    }

    @Test
    void rejectsBadLengths() throws IOException {
        byte[] all = Files.readAllBytes(tok512());
        byte[] bad = all.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + 4, 1000); // token 0 length
        Path f = Files.write(tmp.resolve("bad.bin"), bad);
        var e = assertThrows(CheckpointFormatException.class, () -> Llama2cTokenizerReader.read(f, 512));
        assertTrue(e.getMessage().contains("token 0: length 1000 outside"), e.getMessage());

        Path cut = Files.write(tmp.resolve("cut.bin"), Arrays.copyOf(all, all.length - 1));
        e = assertThrows(CheckpointFormatException.class, () -> Llama2cTokenizerReader.read(cut, 512));
        assertTrue(e.getMessage().contains("truncated tok512") || e.getMessage().contains("truncated cut.bin token 511"),
                e.getMessage());
    }
}
