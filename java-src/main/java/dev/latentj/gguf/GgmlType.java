package dev.latentj.gguf;

/**
 * ggml tensor types with their GGUF ids, block sizes (elements per block) and type sizes (bytes per block),
 * as in ggml.h / ggml.c {@code type_traits} of ggml 0.23. Ids 4, 5, 31-33 and 36-38 were removed from ggml
 * and are rejected.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17),
    // newer than the brief's list but present in the bundled ggml.h; kept so such files are recognised
    NVFP4(40, 64, 36),
    Q1_0(41, 128, 18),
    Q2_0(42, 64, 18);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) BY_ID[t.id] = t;
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    public int id() { return id; }

    /** Elements per block (1 for plain types). */
    public int blockSize() { return blockSize; }

    /** Bytes per block. */
    public int typeSize() { return typeSize; }

    /** Block-quantized (blockSize &gt; 1). */
    public boolean isQuantized() { return blockSize > 1; }

    /** Bytes of one row of {@code ne0} elements; ggml needs whole blocks per row. */
    public long rowBytes(long ne0) {
        if (ne0 < 0) throw new IllegalArgumentException(this + ": negative row length " + ne0);
        if (ne0 % blockSize != 0) {
            throw new IllegalArgumentException(this + ": row length " + ne0 + " is not a multiple of the block size " + blockSize);
        }
        return Math.multiplyExact(ne0 / blockSize, (long) typeSize);
    }

    public static GgmlType byId(int id) throws GgufException {
        GgmlType t = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
        if (t == null) throw new GgufException("unknown ggml type " + Integer.toUnsignedString(id));
        return t;
    }

    /** By name as llama.cpp spells it, case-insensitive ("f16", "q8_0"). */
    public static GgmlType byName(String name) {
        for (GgmlType t : values()) if (t.name().equalsIgnoreCase(name)) return t;
        throw new IllegalArgumentException("unknown ggml type '" + name + "'");
    }
}
