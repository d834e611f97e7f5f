package dev.latentj.tokenizer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latentj.testing.AllocationBound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * llama2.c {@code tokenizer.bin} import. The vocabulary size comes from the checkpoint's config, which is as
 * untrusted as the file: both are fuzzed. Loads, or IOException; allocation stays bounded by the file size.
 */
class Llama2cTokenizerFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "60s")
    void load(FuzzedDataProvider in) throws IOException {
        int vocabSize = in.consumeInt();
        byte[] bytes = in.consumeRemainingAsBytes();
        Files.write(FILE, bytes);
        AllocationBound.Mark before = AllocationBound.mark();
        Tokenizer tok;
        try {
            tok = Tokenizer.of(TokenizerImport.fromLlama2cTokenizer(FILE, vocabSize));
        } catch (IOException expected) {
            return;
        } finally {
            AllocationBound.check(before, bytes.length, "llama2.c tokenizer import");
        }
        TokenizerExercise.run(tok);
    }

    private static Path tempFile() {
        try {
            Path f = Files.createTempFile("latentj-fuzz-", "-tokenizer.bin");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
