package dev.latentj.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error is one line that names the path, the field or the position and says what was expected; no library
 * internals, no stack trace unless --verbose (issue 13). Runs on the embedded model, so a fresh clone runs it too.
 */
class ErrorMessagesTest {
    private static final String MODEL = DefaultModel.path().toString();

    @TempDir
    Path tmp;

    /** Exit {@code code} and exactly the one line {@code error: <expected>}. */
    private static void assertError(int code, String expected, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(code, r.code(), r.toString());
        assertEquals("error: " + expected, r.err().strip(), r.toString());
    }

    @Test
    void aDirectoryGivenAsAModelIsCalledOne() {
        assertError(1, tmp + ": is a directory, expected a GGUF file", "info", "-m", tmp.toString());
        assertError(1, tmp + ": is a directory, expected a GGUF file", "run", "-m", tmp.toString(), "a question");
        assertError(1, tmp + ": is a directory, expected a GGUF file", "tokenize", "-m", tmp.toString(), "text");
    }

    @Test
    void aMissingFileSaysSo() {
        Path none = tmp.resolve("none.gguf");
        assertError(1, none + ": no such file, expected a GGUF file", "info", "-m", none.toString());
        assertError(1, none + ": no such file, expected a GGUF file", "run", "-m", none.toString(), "a question");
        assertError(1, none + ": no such file, expected a UTF-8 text file", "tokenize", "-m", MODEL, "--file", none.toString());
    }

    @Test
    void invalidUtf8NamesTheFileAndTheByte() throws IOException {
        Path f = Files.write(tmp.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'x'});
        assertError(1, f + ": not UTF-8 text: byte 0xE9 at offset 3", "tokenize", "-m", MODEL, "--file", f.toString());
    }

    @Test
    void badEmbeddingJsonNamesTheFileAndThePositionWithoutJacksonInternals() throws IOException {
        Path cut = Files.writeString(tmp.resolve("cut.json"), "[0.5, 1");
        assertError(1, cut + ", line 1, column 8: invalid JSON (Unexpected end-of-input)",
                "eval", "-m", MODEL, "--ids", "1", "--embed", "0=" + cut);
        Path nan = Files.writeString(tmp.resolve("nan.json"), "[NaN]");
        assertError(1, nan + ", line 1, column 5: invalid JSON (Non-standard token 'NaN')",
                "eval", "-m", MODEL, "--ids", "1", "--embed", "0=" + nan);
        Path object = Files.writeString(tmp.resolve("object.json"), "{\"v\": [1]}");
        assertError(1, object + ", line 1, column 1: expected a JSON array of n_embd floats",
                "eval", "-m", MODEL, "--ids", "1", "--embed", "0=" + object);
    }

    @Test
    void aValidJsonFileThatIsNotADatasetIsNotCalledInvalidJson() throws IOException {
        Path pretty = Files.writeString(tmp.resolve("pretty.json"), "{\n  \"question\": \"2 + 2?\",\n  \"answer\": 4\n}\n");
        Cli.Result r = Cli.run("bench", "-m", MODEL, "--dataset", pretty.toString(), "--modes", "codi", "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(pretty + ":1: valid JSON, but not a dataset: expected JSON Lines"), r.toString());
        assertFalse(r.err().contains("not valid JSON"), r.toString());
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo() {
        assertError(2, "--ids: no token ids given (e.g. --ids 5,17,3) (see 'latentj eval --help')", "eval", "-m", MODEL, "--ids", ",,,");
        assertError(2, "Missing required parameter: 'PROMPT' (see 'latentj run --help')", "run");
        assertError(2, "Unknown option: '--temprature=1'; did you mean --temperature? (see 'latentj run --help')",
                "run", "--temprature=1", "a question");
        assertError(2, "Invalid value for option '--top-k': 'many' is not an int (see 'latentj run --help')", "run", "--top-k", "many", "q");
    }

    @Test
    void aStackTraceOnlyWithVerbose() {
        Cli.Result quiet = Cli.run("info", "-m", tmp.toString());
        assertEquals(1, quiet.err().lines().count(), quiet.toString());
        Cli.Result verbose = Cli.run("info", "--verbose", "-m", tmp.toString());
        assertEquals(1, verbose.code(), verbose.toString());
        assertTrue(verbose.err().startsWith("error: " + tmp + ": is a directory"), verbose.toString());
        assertTrue(verbose.err().contains("\tat dev.latentj."), "a stack trace: " + verbose);
    }
}
