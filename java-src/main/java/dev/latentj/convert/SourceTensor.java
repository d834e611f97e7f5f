package dev.latentj.convert;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor read from a checkpoint (safetensors, PyTorch zip, llama2.c), before conversion.
 * {@code shape} is in PyTorch order (outermost first, row-major); {@code data} holds exactly
 * numel * dtype.bytes little-endian bytes. Readers hand these out; converters consume them.
 *
 * @param name  the tensor's name in the checkpoint
 * @param dtype the element type
 * @param shape the shape in PyTorch order; copied
 * @param data  the elements, often a slice of the mapped file
 */
public record SourceTensor(String name, DType dtype, long[] shape, MemorySegment data) {

    /** The element types the readers accept. */
    public enum DType {
        /** IEEE single precision. */
        F32(4),
        /** IEEE half precision. */
        F16(2),
        /** bfloat16. */
        BF16(2);

        /** The bytes of one element. */
        public final int bytes;

        DType(int bytes) { this.bytes = bytes; }
    }

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * Copies the shape and checks it against the data.
     *
     * @throws IllegalArgumentException when a dimension is negative or the data is not exactly the shape's size
     * @throws ArithmeticException      when the element count overflows a long
     */
    public SourceTensor {
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        if (data.byteSize() != n * dtype.bytes) {
            throw new IllegalArgumentException(name + ": " + data.byteSize() + " bytes for shape "
                    + Arrays.toString(shape) + " of " + dtype + " (expected " + n * dtype.bytes + ")");
        }
    }

    /** {@return the number of elements} */
    public long numel() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /**
     * {@return element {@code i}, widened to float} F16 and BF16 are exact in float.
     *
     * @param i the index in row-major order
     */
    public float get(long i) {
        return switch (dtype) {
            case F32 -> data.getAtIndex(F32_LE, i);
            case F16 -> Float.float16ToFloat(data.getAtIndex(I16_LE, i));
            case BF16 -> Float.intBitsToFloat((data.getAtIndex(I16_LE, i) & 0xffff) << 16);
        };
    }

    /**
     * {@return all elements as floats} For the tensors of conversion, which fit a Java array.
     *
     * @throws IllegalStateException when there are too many elements for one array
     */
    public float[] toFloats() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalStateException(name + ": too large for a float[]");
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }
}
