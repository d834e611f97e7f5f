package dev.latentj.cli;

import dev.latentj.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A non-ASCII prompt gives the same tokens whatever the locale and the JVM's encoding properties, given as an
 * argument, in a file or on standard input; output is UTF-8 (issue 13). Each case is a child JVM, as a user runs it.
 */
class LocaleTest {
    private static final String TEXT = "Café crème: 3 × 4 = 12, ¿sí? 日本語 😀";
    private static final String MODEL = DefaultModel.path().toAbsolutePath().toString();
    private static String expected;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tokensInThisJvm() throws IOException {
        int[] ids = Tokenizer.fromGguf(Path.of(MODEL)).encode(TEXT, true, false);
        expected = Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    private static Map<String, String> locale(String lang) {
        return Map.of("LANG", lang, "LC_ALL", lang, "LC_CTYPE", lang);
    }

    private static List<String> options(String jvmOptions) {
        return jvmOptions == null || jvmOptions.isBlank() ? List.of() : List.of(jvmOptions.strip().split(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "C       | -",
            "POSIX   | -",
            "C.UTF-8 | -",
            "C       | -Dfile.encoding=ISO-8859-1",
            "C       | -Dstdout.encoding=US-ASCII -Dsun.stdout.encoding=US-ASCII",
            "C.UTF-8 | -Dfile.encoding=US-ASCII -Dstdout.encoding=ISO-8859-1"})
    void anArgumentGivesTheSameTokensInEveryLocale(String lang, String jvmOptions) throws IOException {
        Cli.Result r = Cli.process(locale(lang.strip()), options(jvmOptions), new byte[0], "tokenize", "-m", MODEL, TEXT);
        assertEquals(0, r.code(), r.toString());
        assertEquals(expected, r.out().strip(), "LANG=" + lang + " " + jvmOptions);
    }

    @Test
    void aFileAndStandardInputToo() throws IOException {
        Path f = Files.writeString(tmp.resolve("prompt.txt"), TEXT, StandardCharsets.UTF_8);
        Cli.Result file = Cli.process(locale("C"), List.of(), new byte[0], "tokenize", "-m", MODEL, "--file", f.toString());
        assertEquals(expected, file.out().strip(), file.toString());
        Cli.Result stdin = Cli.process(locale("C"), List.of("-Dstdin.encoding=US-ASCII"), TEXT.getBytes(StandardCharsets.UTF_8),
                "tokenize", "-m", MODEL, "--file", "-");
        assertEquals(expected, stdin.out().strip(), stdin.toString());
    }

    @Test
    void textIsPrintedAsUtf8() throws IOException {
        Cli.Result r = Cli.process(locale("C"), List.of(), new byte[0], "detokenize", "-m", MODEL, expected);
        assertEquals(0, r.code(), r.toString());
        assertEquals(TEXT, r.out().strip());
        Cli.Result err = Cli.process(locale("C"), List.of(), new byte[0], "detokenize", "-m", MODEL, "2→3");
        assertEquals("error: not a token id: '2→3' (see 'latentj detokenize --help')", err.err().strip());
    }

    /** The JDK names files in the locale's charset: under LANG=C a non-ASCII name cannot be opened (bin/latentj avoids it). */
    @Test
    void aFileNameTheLocaleCannotSpellIsOneClearLine() throws IOException {
        Cli.Result c = Cli.process(locale("C"), List.of(), new byte[0], "info", "-m", "/nonexistent/modèle.gguf");
        assertEquals(2, c.code(), c.toString());
        assertEquals("error: Invalid value for option '--model': '/nonexistent/modèle.gguf' is not a file name under this "
                + "locale's charset (ANSI_X3.4-1968); run under a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (see 'latentj info --help')",
                c.err().strip());
        Cli.Result utf8 = Cli.process(locale("C.UTF-8"), List.of(), new byte[0], "info", "-m", "/nonexistent/modèle.gguf");
        assertEquals("error: /nonexistent/modèle.gguf: no such file, expected a GGUF file", utf8.err().strip());
    }
}
