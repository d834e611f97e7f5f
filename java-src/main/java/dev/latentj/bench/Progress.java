package dev.latentj.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line on stderr: {@code codi  120/500  24.0%  12.3 problems/s  ETA 0:31  acc 0.358}.
 * On a terminal one line is rewritten in place with {@code \r} (at most every 100 ms); otherwise (a log file,
 * CI) a new line is printed every 5% or 10 s, so logs stay short and readable.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LOG_NANOS = 10_000_000_000L;
    private static final int LOG_STEPS = 20; // 5%

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;

    private String mode;
    private int total;
    private long startNanos;
    private long lastPrintNanos;
    private int lastStep;
    private int lastDone;
    private int lastWidth;

    Progress(PrintStream out, boolean interactive, LongSupplier clock) {
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
    }

    /** A whole line of its own, e.g. what was loaded. */
    void note(String message) {
        if (interactive && lastWidth > 0) {
            out.println(); // keep the progress line; the next update draws it again below
            lastWidth = 0;
        }
        out.println(message);
        out.flush();
    }

    void start(String mode, int total) {
        this.mode = mode;
        this.total = total;
        this.startNanos = clock.getAsLong();
        this.lastPrintNanos = startNanos;
        this.lastStep = 0;
        this.lastDone = -1;
        this.lastWidth = 0;
    }

    void update(int done, int correct) {
        long now = clock.getAsLong();
        boolean due;
        if (interactive) {
            due = done == total || now - lastPrintNanos >= REDRAW_NANOS;
        } else {
            int step = (int) ((long) done * LOG_STEPS / total);
            due = done == total || step > lastStep || now - lastPrintNanos >= LOG_NANOS;
            if (due) lastStep = step;
        }
        if (!due || done == lastDone) return;
        print(line(done, correct, now));
        lastPrintNanos = now;
        lastDone = done;
    }

    /** Ends the mode's line (a terminal's in-place line gets its newline). */
    void finish() {
        if (interactive && lastWidth > 0) out.println();
        out.flush();
        lastWidth = 0;
    }

    private void print(String line) {
        if (interactive) {
            // Pad over a longer previous line instead of ANSI erase codes, which some terminals lack.
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(int done, int correct, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%s  %d/%d  %.1f%%  %.1f problems/s  ETA %s  acc %.3f",
                mode, done, total, 100.0 * done / total, rate, eta, done == 0 ? 0.0 : (double) correct / done);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
