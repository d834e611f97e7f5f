package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

/** Conversion progress, one call per tensor written (index from 0). */
@FunctionalInterface
public interface ProgressListener {
    void tensorWritten(int index, int total, String name, GgmlType type, long bytes);

    ProgressListener NONE = (i, n, name, type, bytes) -> {};
}
