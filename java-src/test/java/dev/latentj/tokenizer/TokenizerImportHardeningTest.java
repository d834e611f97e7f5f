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

    private Path json(String text) throws IOException {
        Path d = Files.createTempDirectory(tmp, "t");
        return Files.writeString(d.resolve("tokenizer.json"), text);
    }

    private static final String PRE = "\"pre_tokenizer\": {\"type\": \"ByteLevel\"}";

    @Test
    void hfVocabThatIsNotAnObject() throws IOException {
        Path f = json("{\"model\": {\"type\": \"BPE\", \"vocab\": [1, 2]}, " + PRE + "}");
        rejects("vocab as an array", "not an object", () -> TokenizerImport.fromHfTokenizerJson(f, null));
    }

    @Test
    void hfAddedTokenIdFarBeyondTheVocabularyDoesNotAllocate() throws IOException {
        Path f = json("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}, " + PRE
                + ", \"added_tokens\": [{\"id\": 2000000000, \"content\": \"x\"}]}");
        rejects("added token id 2e9", "added token id 2000000000", () -> TokenizerImport.fromHfTokenizerJson(f, null));
    }

    @Test
    void hfNegativeAddedTokenId() throws IOException {
        Path f = json("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}, " + PRE
                + ", \"added_tokens\": [{\"id\": -1, \"content\": \"x\"}]}");
        rejects("added token id -1", "added token id -1", () -> TokenizerImport.fromHfTokenizerJson(f, null));
    }

    @Test
    void hfMergeThatIsNotAPair() throws IOException {
        Path f = json("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [[]]}, " + PRE + "}");
        rejects("merge []", "merge 0", () -> TokenizerImport.fromHfTokenizerJson(f, null));
    }
}
