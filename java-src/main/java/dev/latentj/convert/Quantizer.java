package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * Quantises rows of floats into a ggml block type; implemented by the native engine (ggml_quantize_chunk).
 * The result must hold exactly {@code nRows * type.rowBytes(nPerRow)} bytes.
 */
@FunctionalInterface
public interface Quantizer {
    /**
     * {@return the quantised rows, {@code nRows * type.rowBytes(nPerRow)} bytes}
     *
     * @param type    a quantised type
     * @param src     the rows, row-major: {@code nRows * nPerRow} floats
     * @param nRows   the number of rows
     * @param nPerRow the length of a row, whole blocks of {@code type}
     */
    MemorySegment quantize(GgmlType type, float[] src, long nRows, long nPerRow);
}
