package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * Quantises rows of floats into a ggml block type; implemented by the native engine (ggml_quantize_chunk).
 * The result must hold exactly {@code nRows * type.rowBytes(nPerRow)} bytes.
 */
@FunctionalInterface
public interface Quantizer {
    MemorySegment quantize(GgmlType type, float[] src, long nRows, long nPerRow);
}
