package dev.latentj.gguf;

/** Types of GGUF metadata values, with their on-disk ids. */
public enum GgufValueType {
    /** Unsigned 8-bit integer. */
    UINT8(0, 1),
    /** Signed 8-bit integer. */
    INT8(1, 1),
    /** Unsigned 16-bit integer. */
    UINT16(2, 2),
    /** Signed 16-bit integer. */
    INT16(3, 2),
    /** Unsigned 32-bit integer. */
    UINT32(4, 4),
    /** Signed 32-bit integer. */
    INT32(5, 4),
    /** IEEE single precision. */
    FLOAT32(6, 4),
    /** One byte, 0 or 1. */
    BOOL(7, 1),
    /** A u64 byte length, then UTF-8 bytes without a terminator. */
    STRING(8, -1),
    /** A u32 element type, a u64 count, then the elements; nested arrays are allowed. */
    ARRAY(9, -1),
    /** Unsigned 64-bit integer. */
    UINT64(10, 8),
    /** Signed 64-bit integer. */
    INT64(11, 8),
    /** IEEE double precision. */
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int fixedSize;

    GgufValueType(int id, int fixedSize) {
        this.id = id;
        this.fixedSize = fixedSize;
    }

    /** {@return the type's id on disk} */
    public int id() { return id; }

    /** {@return the bytes of a value of this type, or -1 for the variable-size string and array} */
    public int fixedSize() { return fixedSize; }

    /** The fewest bytes a value of this type can occupy: bounds claimed counts before allocating. */
    int minSize() {
        return switch (this) {
            case STRING -> 8;       // u64 length, possibly empty
            case ARRAY -> 4 + 8;    // u32 element type + u64 count
            default -> fixedSize;
        };
    }

    /** {@return whether the type is one of the eight integer types, signed or unsigned} */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /**
     * {@return the type with on-disk id {@code id}}
     *
     * @param id the id read from a file
     * @throws GgufException when no type has that id
     */
    public static GgufValueType byId(int id) throws GgufException {
        if (id < 0 || id >= BY_ID.length) throw new GgufException("unknown GGUF value type " + Integer.toUnsignedString(id));
        return BY_ID[id];
    }
}
