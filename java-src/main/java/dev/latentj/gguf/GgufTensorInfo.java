package dev.latentj.gguf;

import java.util.Arrays;

/**
 * One tensor of a GGUF file. {@code ne} is in ggml order (ne[0] is the contiguous row length, the reverse of a
 * PyTorch shape); {@code offset} is relative to the start of the data section.
 */
public record GgufTensorInfo(String name, GgmlType type, long[] ne, long offset, long byteSize) {

    public GgufTensorInfo {
        ne = ne.clone();
    }

    @Override
    public long[] ne() { return ne.clone(); }

    public long ne(int i) { return i < ne.length ? ne[i] : 1; }

    public int nDims() { return ne.length; }

    public long numel() {
        long n = 1;
        for (long d : ne) n = Math.multiplyExact(n, d);
        return n;
    }

    /** Bytes of a tensor of this type and shape; throws on a partial block or overflow. */
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
