package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Encodes float values as the little-endian bytes of a ggml type. */
final class TensorEncoder {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TensorEncoder() {}

    static MemorySegment encode(GgmlType type, float[] v, long[] ne, Quantizer quantizer, String name) throws ConversionException {
        return switch (type) {
            case F32 -> {
                MemorySegment s = MemorySegment.ofArray(new byte[Math.multiplyExact(v.length, 4)]);
                for (int i = 0; i < v.length; i++) s.setAtIndex(F32, i, v[i]);
                yield s;
            }
            case F16 -> {
                MemorySegment s = MemorySegment.ofArray(new byte[Math.multiplyExact(v.length, 2)]);
                // Float.floatToFloat16 rounds to nearest even, as numpy's astype(float16) does
                for (int i = 0; i < v.length; i++) s.setAtIndex(I16, i, Float.floatToFloat16(v[i]));
                yield s;
            }
            case BF16 -> {
                MemorySegment s = MemorySegment.ofArray(new byte[Math.multiplyExact(v.length, 2)]);
                for (int i = 0; i < v.length; i++) s.setAtIndex(I16, i, toBf16(v[i]));
                yield s;
            }
            default -> {
                if (!type.isQuantized() || quantizer == null) {
                    throw new ConversionException("tensor '" + name + "': output type " + type
                            + (type.isQuantized() ? " needs a quantizer (the native engine)" : " is not supported for conversion"));
                }
                long nPerRow = ne[0], nRows = v.length / ne[0];
                MemorySegment q;
                try {
                    q = quantizer.quantize(type, v, nRows, nPerRow);
                } catch (IllegalArgumentException e) { // e.g. a non-finite weight: a bad checkpoint, not a crash
                    throw new ConversionException("tensor '" + name + "': " + e.getMessage(), e);
                }
                long want = Math.multiplyExact(nRows, type.rowBytes(nPerRow));
                if (q.byteSize() != want) {
                    throw new ConversionException("tensor '" + name + "': quantizer returned " + q.byteSize() + " bytes, expected " + want);
                }
                yield q;
            }
        };
    }

    /** Round to nearest even, as ggml's ggml_compute_fp32_to_bf16 (NaN kept quiet). */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) return (short) ((bits >>> 16) | 64);
        return (short) ((bits + (0x7fff + ((bits >>> 16) & 1))) >>> 16);
    }
}
