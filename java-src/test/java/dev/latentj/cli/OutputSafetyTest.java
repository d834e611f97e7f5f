package dev.latentj.cli;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufWriter;
import dev.latentj.gguf.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No command writes over an input, and an output appears whole or not at all (issue 13, data loss). */
class OutputSafetyTest {
    @TempDir
    Path tmp;

    /** A llama2.c checkpoint (dim 4, one layer, vocab 3, 160 floats): tiny, but it converts for real. */
    static Path tinyLlama2c(Path file) throws IOException {
        int d = 4, h = 6, v = 3, kvDim = 4, floats = v * d + (2 * d + 2 * d * d + 2 * kvDim * d + 3 * h * d) + d;
        ByteBuffer b = ByteBuffer.allocate(28 + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : new int[] {d, h, 1, 1, 1, v, 8}) b.putInt(x);
        for (int i = 0; i < floats; i++) b.putFloat(i / 160f);
        return Files.write(file, b.array());
    }

    private static void assertRefused(Cli.Result r, String reason) {
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(reason), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
    }

    @Test
    void convertNeverReplacesItsSource() throws IOException {
        Path src = tinyLlama2c(tmp.resolve("tiny.bin"));
        byte[] before = Files.readAllBytes(src);
        assertRefused(Cli.run("convert", src.toString(), "-o", src.toString(), "-q"), "is an input");
        assertRefused(Cli.run("convert", src.toString(), "-o", src.toString(), "-q", "--force"), "is an input");
        assertArrayEquals(before, Files.readAllBytes(src));
    }

    @Test
    void convertSeesThroughLinksToItsInputs() throws IOException {
        Path src = tinyLlama2c(tmp.resolve("tiny.bin"));
        byte[] before = Files.readAllBytes(src);
        Path hard = Files.createLink(tmp.resolve("hard.gguf"), src);
        Path soft = Files.createSymbolicLink(tmp.resolve("soft.gguf"), src);
        assertRefused(Cli.run("convert", src.toString(), "-o", hard.toString(), "-q", "--force"), "is an input");
        assertRefused(Cli.run("convert", src.toString(), "-o", soft.toString(), "-q", "--force"), "is an input");
        Path tok = Files.writeString(tmp.resolve("elsewhere.tok"), "not read: the check comes first");
        assertRefused(Cli.run("convert", src.toString(), "-o", tok.toString(), "--tokenizer", tok.toString(), "-q", "--force"),
                "is an input");
        assertArrayEquals(before, Files.readAllBytes(src));
        assertTrue(Files.isSymbolicLink(soft));
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithForce() throws IOException {
        Path src = tinyLlama2c(tmp.resolve("tiny.bin"));
        Path out = Files.writeString(tmp.resolve("out.gguf"), "an older file");
        assertRefused(Cli.run("convert", src.toString(), "-o", out.toString(), "-q"), "--force");
        assertEquals("an older file", Files.readString(out));
        Cli.Result r = Cli.run("convert", src.toString(), "-o", out.toString(), "-q", "--force");
        assertEquals(0, r.code(), r.toString());
        assertEquals("GGUF", new String(Files.readAllBytes(out), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of("out.gguf", "tiny.bin"), names(tmp));
    }

    @Test
    void aMissingOutputFolderIsNamed() throws IOException {
        Path src = tinyLlama2c(tmp.resolve("tiny.bin"));
        Path out = tmp.resolve("no/such/m.gguf");
        assertRefused(Cli.run("convert", src.toString(), "-o", out.toString(), "-q"), "folder " + tmp.resolve("no/such") + " does not exist");
        assertEquals(List.of("tiny.bin"), names(tmp));
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path out = Files.writeString(tmp.resolve("m.gguf"), "the old file");
        GgufWriter w = new GgufWriter();
        w.addTensor("t", GgmlType.F32, new long[] {1024}, TensorData.streamed(ch -> {
            ch.write(ByteBuffer.allocate(100));
            throw new IOException("the source went away");
        }));
        assertThrows(IOException.class, () -> w.write(out));
        assertEquals("the old file", Files.readString(out));
        assertEquals(List.of("m.gguf"), names(tmp));
    }

    /** SIGTERM (kill's default) and SIGINT (Ctrl-C) in the middle of a write: the temporary file goes too. */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aWriteStoppedBySignalLeavesNoTemporaryFile(String signal) throws Exception {
        Process p = Cli.java(Map.of(), List.of(), StalledWrite.class, tmp.resolve("m.gguf").toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("stalled", r.readLine(), "the writer did not reach its stall");
            assertEquals(1, names(tmp).size(), "one temporary file while writing: " + names(tmp));
            assertTrue(names(tmp).getFirst().startsWith(".m.gguf."), names(tmp).toString());
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the writer did not stop on SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), names(tmp));
    }

    /** Writes a GGUF whose only tensor stalls after its first bytes, until a signal ends the JVM. */
    public static final class StalledWrite {
        public static void main(String[] args) throws Exception {
            GgufWriter w = new GgufWriter();
            w.addTensor("t", GgmlType.F32, new long[] {1 << 20}, TensorData.streamed(ch -> {
                ch.write(ByteBuffer.allocate(4096));
                System.out.println("stalled");
                System.out.flush();
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("not stopped by the test");
            }));
            w.write(Path.of(args[0]));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
