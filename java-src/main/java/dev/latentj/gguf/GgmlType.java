package dev.latentj.gguf;

/**
 * ggml tensor types with their GGUF ids, block sizes (elements per block) and type sizes (bytes per block),
 * as in ggml.h / ggml.c {@code type_traits} of ggml 0.23. Ids 4, 5, 31-33 and 36-38 were removed from ggml
 * and are rejected.
 */
public enum GgmlType {
    /** IEEE single precision. */
    F32(0, 1, 4),
    /** IEEE half precision. */
    F16(1, 1, 2),
    /** 4-bit, blocks of 32 with one f16 scale (4.5 bits per weight). */
    Q4_0(2, 32, 18),
    /** 4-bit, blocks of 32 with an f16 scale and minimum (5 bits per weight). */
    Q4_1(3, 32, 20),
    /** 5-bit, blocks of 32 with one f16 scale (5.5 bits per weight). */
    Q5_0(6, 32, 22),
    /** 5-bit, blocks of 32 with an f16 scale and minimum (6 bits per weight). */
    Q5_1(7, 32, 24),
    /** 8-bit, blocks of 32 with one f16 scale (8.5 bits per weight). */
    Q8_0(8, 32, 34),
    /**
     * 8-bit, blocks of 32 with an f16 scale and the scaled sum: what ggml's CPU quantises activations to for Q4_1 and
     * Q5_1 weights.
     */
    Q8_1(9, 32, 36),
    /** k-quant, 2-bit in super-blocks of 256 (2.625 bits per weight). */
    Q2_K(10, 256, 84),
    /** k-quant, 3-bit in super-blocks of 256 (3.4375 bits per weight). */
    Q3_K(11, 256, 110),
    /** k-quant, 4-bit in super-blocks of 256 (4.5 bits per weight). */
    Q4_K(12, 256, 144),
    /** k-quant, 5-bit in super-blocks of 256 (5.5 bits per weight). */
    Q5_K(13, 256, 176),
    /** k-quant, 6-bit in super-blocks of 256 (6.5625 bits per weight). */
    Q6_K(14, 256, 210),
    /**
     * k-quant, 8-bit with an f32 scale and group sums: what ggml's CPU quantises activations to for k-quant weights.
     */
    Q8_K(15, 256, 292),
    /** i-quant, 2.0625 bits per weight. */
    IQ2_XXS(16, 256, 66),
    /** i-quant, 2.3125 bits per weight. */
    IQ2_XS(17, 256, 74),
    /** i-quant, 3.0625 bits per weight. */
    IQ3_XXS(18, 256, 98),
    /** i-quant, 1.5625 bits per weight. */
    IQ1_S(19, 256, 50),
    /** i-quant, 4-bit non-linear levels in blocks of 32 (4.5 bits per weight). */
    IQ4_NL(20, 32, 18),
    /** i-quant, 3.4375 bits per weight. */
    IQ3_S(21, 256, 110),
    /** i-quant, 2.5625 bits per weight. */
    IQ2_S(22, 256, 82),
    /** i-quant, 4-bit non-linear levels in super-blocks of 256 (4.25 bits per weight). */
    IQ4_XS(23, 256, 136),
    /** 8-bit signed integer. */
    I8(24, 1, 1),
    /** 16-bit signed integer. */
    I16(25, 1, 2),
    /** 32-bit signed integer. */
    I32(26, 1, 4),
    /** 64-bit signed integer. */
    I64(27, 1, 8),
    /** IEEE double precision. */
    F64(28, 1, 8),
    /** i-quant, 1.75 bits per weight. */
    IQ1_M(29, 256, 56),
    /** bfloat16: f32's 8-bit exponent with a 7-bit mantissa. */
    BF16(30, 1, 2),
    /** Ternary (-1, 0, 1) in super-blocks of 256 (1.6875 bits per weight). */
    TQ1_0(34, 256, 54),
    /** Ternary (-1, 0, 1) at 2 bits each in super-blocks of 256 (2.0625 bits per weight). */
    TQ2_0(35, 256, 66),
    /** OCP microscaling FP4: 32 E2M1 values with one E8M0 scale (4.25 bits per weight). */
    MXFP4(39, 32, 17),
    // newer than the brief's list but present in the bundled ggml.h; kept so such files are recognised
    /** NVIDIA FP4: 64 E2M1 values with a UE4M3 scale per 16 (4.5 bits per weight). */
    NVFP4(40, 64, 36),
    /** 1-bit, blocks of 128 with one f16 scale (1.125 bits per weight). */
    Q1_0(41, 128, 18),
    /** 2-bit, blocks of 64 with one f16 scale (2.25 bits per weight). */
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

    /** {@return the type's id in GGUF tensor infos (ggml's {@code enum ggml_type})} */
    public int id() { return id; }

    /** {@return the elements per block, 1 for plain types} */
    public int blockSize() { return blockSize; }

    /** {@return the bytes per block} */
    public int typeSize() { return typeSize; }

    /** {@return whether the type is block-quantized (blockSize &gt; 1)} */
    public boolean isQuantized() { return blockSize > 1; }

    /**
     * {@return the bytes of one row of {@code ne0} elements}
     *
     * @param ne0 elements in the row
     * @throws IllegalArgumentException when {@code ne0} is negative or not whole blocks, which ggml cannot store
     * @throws ArithmeticException      when the size overflows a long
     */
    public long rowBytes(long ne0) {
        if (ne0 < 0) throw new IllegalArgumentException(this + ": negative row length " + ne0);
        if (ne0 % blockSize != 0) {
            throw new IllegalArgumentException(this + ": row length " + ne0 + " is not a multiple of the block size " + blockSize);
        }
        return Math.multiplyExact(ne0 / blockSize, (long) typeSize);
    }

    /**
     * {@return the type with GGUF id {@code id}}
     *
     * @param id the id read from a file
     * @throws GgufException when no type has that id, including the ids ggml removed
     */
    public static GgmlType byId(int id) throws GgufException {
        GgmlType t = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
        if (t == null) throw new GgufException("unknown ggml type " + Integer.toUnsignedString(id));
        return t;
    }

    /**
     * {@return the type named {@code name} as llama.cpp spells it}
     *
     * @param name the name, case-insensitive ("f16", "q8_0")
     * @throws IllegalArgumentException when no type has that name
     */
    public static GgmlType byName(String name) {
        for (GgmlType t : values()) if (t.name().equalsIgnoreCase(name)) return t;
        throw new IllegalArgumentException("unknown ggml type '" + name + "'");
    }
}
