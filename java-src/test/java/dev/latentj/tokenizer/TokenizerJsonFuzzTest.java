package dev.latentj.tokenizer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HF {@code tokenizer.json} import: loads and tokenizes, or IOException (JSON errors included) /
 * UnsupportedOperationException. The file API needs a path, so each input is written to one temp file.
 */
class TokenizerJsonFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "60s")
    void load(byte[] data) throws IOException {
        Files.write(FILE, data);
        Tokenizer tok;
        try {
            tok = Tokenizer.of(TokenizerImport.fromHfTokenizerJson(FILE, null));
        } catch (IOException | UnsupportedOperationException expected) {
            return;
        }
        TokenizerExercise.run(tok);
    }

    private static Path tempFile() {
        try {
            Path dir = Files.createTempDirectory("latentj-fuzz-tokjson");
            dir.toFile().deleteOnExit();
            Path f = dir.resolve("tokenizer.json");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
