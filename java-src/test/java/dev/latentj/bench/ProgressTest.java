package dev.latentj.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    @Test
    void logModePrintsAboutEveryFivePercent() {
        Progress p = new Progress(out, false, now::get);
        p.start("codi", 100);
        for (int done = 1; done <= 100; done++) {
            now.addAndGet(10_000_000L); // 10 ms per problem: 100 problems/s
            p.update(done, done / 2);
        }
        p.finish();
        String[] lines = text().split("\n");
        assertEquals(20, lines.length, text());
        assertFalse(text().contains("\r"));
        assertEquals("codi  5/100  5.0%  100.0 problems/s  ETA 0:01  acc 0.400", lines[0]);
        assertEquals("codi  100/100  100.0%  100.0 problems/s  ETA 0:00  acc 0.500", lines[19]);
    }

    @Test
    void logModeAlsoPrintsEveryTenSeconds() {
        Progress p = new Progress(out, false, now::get);
        p.start("cot-greedy", 1000);
        now.addAndGet(11_000_000_000L);
        p.update(1, 1);
        assertTrue(text().startsWith("cot-greedy  1/1000"), text());
    }

    @Test
    void terminalModeRedrawsOneLine() {
        Progress p = new Progress(out, true, now::get);
        p.start("soft-gumbel", 3);
        for (int done = 1; done <= 3; done++) {
            now.addAndGet(1_000_000_000L);
            p.update(done, done);
        }
        p.finish();
        String s = text();
        assertEquals(3, s.chars().filter(c -> c == '\r').count(), s);
        assertTrue(s.endsWith("acc 1.000\n"), s);
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), s);
    }

    @Test
    void durations() {
        assertEquals("0:05", Progress.duration(5));
        assertEquals("2:03", Progress.duration(123));
        assertEquals("1:00:01", Progress.duration(3601));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
