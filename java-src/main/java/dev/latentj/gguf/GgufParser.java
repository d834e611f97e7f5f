package dev.latentj.gguf;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates the GGUF header from a segment. Every claimed count or length is checked against the bytes
 * left before anything proportional to it is allocated; tensor extents are checked against the file and each other.
 */
final class GgufParser {
    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_NAME: llama.cpp rejects names of 64 bytes or more. */
    static final int MAX_NAME_BYTES = 63;
    static final int MAX_DIMS = 4;
    /** Nested arrays are legal GGUF but useless; bounding depth bounds recursion on hostile input. */
    static final int MAX_ARRAY_DEPTH = 3;
    // smallest possible encodings: bound n_kv and n_tensors by the bytes left
    private static final long MIN_KV_BYTES = 8 + 1 + 4 + 1;            // key len, 1-byte key, type, u8 value
    private static final long MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 8 + 4 + 8; // name len, name, n_dims, ne0, type, offset

    record Parsed(int version, int alignment, long dataOffset, GgufMetadata metadata, List<GgufTensorInfo> tensors) {}

    private GgufParser() {}

    static Parsed parse(MemorySegment seg) throws GgufException {
        ByteCursor c = new ByteCursor(seg);
        c.context = "magic";
        int magic = c.u32();
        if (magic != MAGIC) {
            throw new GgufException(String.format("bad magic 0x%08x: not a GGUF file", Integer.reverseBytes(magic)));
        }
        c.context = "version";
        int version = c.u32();
        if (version != 2 && version != 3) {
            throw new GgufException("unsupported GGUF version " + Integer.toUnsignedString(version) + " (only 2 and 3)");
        }
        c.context = "tensor count";
        long nTensors = c.count("tensor count", 0);
        c.context = "KV count";
        long nKv = c.count("KV count", 0);
        // the header counts come before their sections: check them against everything that follows
        if (nKv > c.remaining() / MIN_KV_BYTES) {
            throw new GgufException("KV count " + nKv + " exceeds what the " + c.remaining() + " bytes left can hold");
        }

        LinkedHashMap<String, GgufMetadata.Value> kv = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            c.context = "key of KV #" + i;
            String key = c.string(true);
            if (key.isEmpty()) throw new GgufException("KV #" + i + " has an empty key");
            if (kv.containsKey(key)) throw new GgufException("duplicate key '" + key + "' (KV #" + i + ")");
            c.context = "type of KV #" + i + " '" + key + "'";
            GgufValueType type = valueType(c, c.u32(), "KV '" + key + "'");
            c.context = "value of KV #" + i + " '" + key + "'";
            kv.put(key, new GgufMetadata.Value(type, readValue(c, type, 0)));
        }
        GgufMetadata metadata = new GgufMetadata(kv);
        int alignment = alignment(metadata);

        if (nTensors > c.remaining() / MIN_TENSOR_INFO_BYTES) {
            throw new GgufException("tensor count " + nTensors + " exceeds what the " + c.remaining() + " bytes left can hold");
        }
        List<GgufTensorInfo> tensors = new ArrayList<>((int) nTensors);
        Set<String> names = new HashSet<>();
        for (long i = 0; i < nTensors; i++) {
            tensors.add(readTensorInfo(c, i, names, alignment));
        }

        long dataOffset = align(c.pos(), alignment);
        if (nTensors > 0 && dataOffset > c.size()) {
            throw new GgufException("truncated: data section would start at byte " + dataOffset
                    + " past end of file (" + c.size() + " bytes)");
        }
        checkExtents(tensors, dataOffset, c.size());
        return new Parsed(version, alignment, dataOffset, metadata, List.copyOf(tensors));
    }

    private static GgufValueType valueType(ByteCursor c, int id, String what) throws GgufException {
        try {
            return GgufValueType.byId(id);
        } catch (GgufException e) {
            throw new GgufException(what + ": unknown GGUF value type " + Integer.toUnsignedString(id)
                    + " at byte " + (c.pos() - 4));
        }
    }

    private static Object readValue(ByteCursor c, GgufValueType type, int depth) throws GgufException {
        return switch (type) {
            case UINT8 -> (long) (c.u8() & 0xff);
            case INT8 -> (long) c.u8();
            case UINT16 -> (long) (c.u16() & 0xffff);
            case INT16 -> (long) c.u16();
            case UINT32 -> c.u32() & 0xffffffffL;
            case INT32 -> (long) c.u32();
            case UINT64, INT64 -> c.u64();
            case FLOAT32 -> Float.intBitsToFloat(c.u32());
            case FLOAT64 -> Double.longBitsToDouble(c.u64());
            case BOOL -> bool(c);
            case STRING -> c.string(false);
            case ARRAY -> readArray(c, depth + 1);
        };
    }

    private static boolean bool(ByteCursor c) throws GgufException {
        byte b = c.u8();
        if (b != 0 && b != 1) throw c.error("bool value " + (b & 0xff) + " is neither 0 nor 1");
        return b == 1;
    }

    private static GgufArray readArray(ByteCursor c, int depth) throws GgufException {
        if (depth > MAX_ARRAY_DEPTH) throw c.error("arrays nested deeper than " + MAX_ARRAY_DEPTH);
        GgufValueType et = valueType(c, c.u32(), "array element");
        // count is bounded by the bytes left, so every allocation below is at most a small multiple of the file
        long count = c.count("array count", et.minSize());
        if (count > Integer.MAX_VALUE - 8) throw c.error("array count " + count + " is too large for this reader");
        int n = (int) count;
        Object data = switch (et) {
            case UINT8, INT8 -> c.bytes(n);
            case BOOL -> {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) b[i] = (byte) (bool(c) ? 1 : 0);
                yield b;
            }
            case UINT16, INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) a[i] = c.u16();
                yield a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = c.u32();
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = Float.intBitsToFloat(c.u32());
                yield a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = c.u64();
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = Double.longBitsToDouble(c.u64());
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) a[i] = c.string(false);
                yield a;
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) a[i] = readArray(c, depth + 1);
                yield a;
            }
        };
        return new GgufArray(et, data);
    }

    private static int alignment(GgufMetadata md) throws GgufException {
        String key = GgufKeys.GENERAL_ALIGNMENT;
        if (!md.has(key)) return DEFAULT_ALIGNMENT;
        if (md.type(key) != GgufValueType.UINT32) {
            throw new GgufException(key + " must be UINT32, got " + md.type(key));
        }
        long a = (Long) md.raw(key);
        if (a == 0 || (a & (a - 1)) != 0) throw new GgufException(key + " = " + a + " is not a nonzero power of two");
        if (a > 1 << 30) throw new GgufException(key + " = " + a + " is too large");
        return (int) a;
    }

    private static GgufTensorInfo readTensorInfo(ByteCursor c, long i, Set<String> names, int alignment)
            throws GgufException {
        c.context = "name of tensor #" + i;
        String name = c.string(true);
        if (name.isEmpty()) throw new GgufException("tensor #" + i + " has an empty name");
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new GgufException("tensor #" + i + " name '" + name + "' is longer than " + MAX_NAME_BYTES + " bytes");
        }
        if (!names.add(name)) throw new GgufException("duplicate tensor name '" + name + "' (tensor #" + i + ")");
        String what = "tensor '" + name + "'";
        c.context = "shape of " + what;
        int nDims = c.u32();
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw new GgufException(what + ": n_dims " + Integer.toUnsignedString(nDims) + " not in 1.." + MAX_DIMS);
        }
        long[] ne = new long[nDims];
        for (int d = 0; d < nDims; d++) {
            ne[d] = c.u64();
            if (ne[d] < 1) {
                throw new GgufException(what + ": dimension " + d + " is " + Long.toUnsignedString(ne[d]) + " (must be >= 1)");
            }
        }
        c.context = "type of " + what;
        int typeId = c.u32();
        GgmlType type;
        try {
            type = GgmlType.byId(typeId);
        } catch (GgufException e) {
            throw new GgufException(what + ": unknown ggml type " + Integer.toUnsignedString(typeId));
        }
        if (ne[0] % type.blockSize() != 0) {
            throw new GgufException(what + ": ne[0] = " + ne[0] + " is not a multiple of the " + type
                    + " block size " + type.blockSize());
        }
        long byteSize;
        try {
            long numel = 1;
            for (long d : ne) numel = Math.multiplyExact(numel, d);
            byteSize = GgufTensorInfo.byteSize(type, ne);
        } catch (ArithmeticException e) {
            throw new GgufException(what + ": shape " + Arrays.toString(ne) + " overflows 64-bit element/byte count");
        }
        c.context = "offset of " + what;
        long offset = c.u64();
        if (offset < 0 || offset % alignment != 0) {
            throw new GgufException(what + ": offset " + Long.toUnsignedString(offset)
                    + " is not a multiple of the alignment " + alignment);
        }
        return new GgufTensorInfo(name, type, ne, offset, byteSize);
    }

    private static void checkExtents(List<GgufTensorInfo> tensors, long dataOffset, long fileSize) throws GgufException {
        for (GgufTensorInfo t : tensors) {
            long begin, end;
            try {
                begin = Math.addExact(dataOffset, t.offset());
                end = Math.addExact(begin, t.byteSize());
            } catch (ArithmeticException e) {
                throw new GgufException("tensor '" + t.name() + "': offset " + t.offset() + " + size " + t.byteSize() + " overflows");
            }
            if (end > fileSize) {
                throw new GgufException("tensor '" + t.name() + "': data [" + begin + ", " + end
                        + ") past end of file (" + fileSize + " bytes)");
            }
        }
        List<GgufTensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        for (int i = 1; i < sorted.size(); i++) {
            GgufTensorInfo a = sorted.get(i - 1), b = sorted.get(i);
            if (a.byteSize() > 0 && b.offset() < a.offset() + a.byteSize()) {
                throw new GgufException("tensors '" + a.name() + "' [" + a.offset() + ", " + (a.offset() + a.byteSize())
                        + ") and '" + b.name() + "' [" + b.offset() + ", " + (b.offset() + b.byteSize())
                        + ") overlap in the data section");
            }
        }
    }

    static long align(long x, long alignment) {
        return Math.addExact(x, alignment - 1) & -alignment;
    }
}
