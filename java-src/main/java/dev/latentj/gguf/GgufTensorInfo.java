package dev.latentj.gguf;

import java.util.Arrays;

/**
 * One tensor of a GGUF file. {@code ne} is in ggml order (ne[0] is the contiguous row length, the reverse of a
 * PyTorch shape); {@code offset} is relative to the start of the data section.
 *
 * @param name     the tensor's name, unique in its file
 * @param type     the type of its data
 * @param ne       its shape in ggml order, 1 to 4 dimensions; copied in and out
 * @param offset   where its data starts, from the data section's start
 * @param byteSize the bytes of its data
 */
public record GgufTensorInfo(String name, GgmlType type, long[] ne, long offset, long byteSize) {

    /** Copies {@code ne}, so the record stays immutable. */
    public GgufTensorInfo {
        ne = ne.clone();
    }

    /** {@return a copy of the shape in ggml order} */
    @Override
    public long[] ne() { return ne.clone(); }

    /**
     * {@return dimension {@code i}, 1 beyond the tensor's dimensions} That is how ggml pads shapes to 4.
     *
     * @param i the dimension, 0 for the contiguous one
     */
    public long ne(int i) { return i < ne.length ? ne[i] : 1; }

    /** {@return the number of dimensions} */
    public int nDims() { return ne.length; }

    /**
     * {@return the number of elements}
     *
     * @throws ArithmeticException when it overflows a long
     */
    public long numel() {
        long n = 1;
        for (long d : ne) n = Math.multiplyExact(n, d);
        return n;
    }

    /**
     * {@return the bytes of a tensor of {@code type} and shape {@code ne}}
     *
     * @param type the tensor's type
     * @param ne   its shape in ggml order
     * @throws IllegalArgumentException when a row is not whole blocks of {@code type}
     * @throws ArithmeticException      when the size overflows a long
     */
    public static long byteSize(GgmlType type, long[] ne) {
        long size = type.rowBytes(ne[0]);
        for (int i = 1; i < ne.length; i++) size = Math.multiplyExact(size, ne[i]);
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && type == t.type && Arrays.equals(ne, t.ne)
                && offset == t.offset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(ne); }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(ne) + " @" + offset + "+" + byteSize;
    }
}
