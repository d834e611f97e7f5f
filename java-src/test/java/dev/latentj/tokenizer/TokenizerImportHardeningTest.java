package dev.latentj.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regression tests for tokenizer-import bugs found by fuzzing: each hostile input is an IOException with a reason. */
class TokenizerImportHardeningTest {
    @TempDir
    Path tmp;

    private void rejects(String what, String expected, Executable e) {
        IOException ex = assertThrows(IOException.class, e::run, what);
        assertTrue(ex.getMessage().contains(expected), () -> what + ": message '" + ex.getMessage() + "' lacks '" + expected + "'");
    }

    private interface Executable { void run() throws IOException; }

    @Test
    void llama2cFileShorterThanItsHeader() throws IOException {
        Path f = Files.write(tmp.resolve("tok.bin"), new byte[] {1, 2});
        rejects("2-byte tok.bin", "too short", () -> TokenizerImport.fromLlama2cTokenizer(f, 10));
    }

    @Test
    void llama2cVocabSizeBeyondTheFileDoesNotAllocate() throws IOException {
        Path f = Files.write(tmp.resolve("tok.bin"), new byte[16]);
        rejects("vocab 2^31-1", "does not fit", () -> TokenizerImport.fromLlama2cTokenizer(f, Integer.MAX_VALUE));
        rejects("vocab -1", "does not fit", () -> TokenizerImport.fromLlama2cTokenizer(f, -1));
    }
}
