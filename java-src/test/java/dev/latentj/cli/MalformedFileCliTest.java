package dev.latentj.cli;

import dev.latentj.engine.MalformedModels;
import dev.latentj.testing.AllocationBound;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file of the hardening corpus ({@link MalformedModels}) is rejected by {@code latentj info} and by model
 * loading ({@code latentj eval}): exit code 1, one line {@code error: <reason>} naming the problem, within a few
 * seconds and a bounded allocation. A JVM crash would end the test run, so reaching the end is part of the test.
 */
class MalformedFileCliTest {
    private static Path dir;
    private static List<MalformedModels.Case> corpus;

    static synchronized List<MalformedModels.Case> cases() throws IOException {
        if (corpus == null) {
            dir = Files.createTempDirectory("latentj-malformed");
            corpus = MalformedModels.write(dir);
        }
        return corpus;
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (dir == null) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void infoRejects(MalformedModels.Case c) throws IOException {
        rejects(c, "info", "-m", c.file().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadRejects(MalformedModels.Case c) throws IOException {
        rejects(c, "eval", "-m", c.file().toString(), "--ids", "0", "--threads", "1");
    }

    private static void rejects(MalformedModels.Case c, String... args) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        PrintStream oldErr = System.err, oldOut = System.out;
        int code;
        AllocationBound.Mark mark = AllocationBound.mark();
        long t0 = System.nanoTime();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String e = err.toString(StandardCharsets.UTF_8).strip();
        String what = c.name() + " (" + args[0] + ")";
        assertEquals(1, code, () -> what + ": exit code; stderr: " + e + "; stdout: " + out);
        assertTrue(e.startsWith("error: ") && !e.contains("\n"), () -> what + ": stderr is not one 'error:' line: " + e);
        assertTrue(e.contains(c.expected()), () -> what + ": '" + e + "' lacks '" + c.expected() + "'");
        assertTrue(!e.contains("Exception"), () -> what + ": reason is not a message: " + e);
        assertTrue(ms < 5_000, () -> what + ": took " + ms + " ms");
        AllocationBound.check(mark, Files.size(c.file()), what);
    }
}
