package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

/** Conversion progress, one call per tensor written (index from 0). */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Called after a tensor's bytes are written.
     *
     * @param index the tensor's index in the file, from 0
     * @param total the number of tensors
     * @param name  its GGUF name
     * @param type  the type it was written as
     * @param bytes the bytes written
     */
    void tensorWritten(int index, int total, String name, GgmlType type, long bytes);

    /** Ignores progress. */
    ProgressListener NONE = (i, n, name, type, bytes) -> {};
}
