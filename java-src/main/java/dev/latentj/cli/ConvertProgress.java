package dev.latentj.cli;

import dev.latentj.convert.ProgressListener;
import dev.latentj.gguf.GgmlType;

import java.io.PrintWriter;

/**
 * Conversion progress on stderr: one line per tensor with its type and size, and the running total and elapsed
 * time, so a long conversion of a big model shows where it is.
 */
final class ConvertProgress implements ProgressListener {
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long written;

    ConvertProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void tensorWritten(int index, int total, String name, GgmlType type, long bytes) {
        written += bytes;
        double s = (System.nanoTime() - start) / 1e9;
        err.printf("[%d/%d] %-36s %-5s %,13d bytes  (%,.1f MB, %.1f s)%n", index + 1, total, name, type, bytes,
                written / 1e6, s);
        err.flush();
    }
}
