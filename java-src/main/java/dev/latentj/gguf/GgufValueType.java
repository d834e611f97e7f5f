package dev.latentj.gguf;

/** Types of GGUF metadata values, with their on-disk ids. */
public enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4),
    BOOL(7, 1), STRING(8, -1), ARRAY(9, -1), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int fixedSize;

    GgufValueType(int id, int fixedSize) {
        this.id = id;
        this.fixedSize = fixedSize;
    }

    public int id() { return id; }

    /** Bytes of a value of this type, or -1 for variable-size types (string, array). */
    public int fixedSize() { return fixedSize; }

    /** The fewest bytes a value of this type can occupy: bounds claimed counts before allocating. */
    int minSize() {
        return switch (this) {
            case STRING -> 8;       // u64 length, possibly empty
            case ARRAY -> 4 + 8;    // u32 element type + u64 count
            default -> fixedSize;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    public static GgufValueType byId(int id) throws GgufException {
        if (id < 0 || id >= BY_ID.length) throw new GgufException("unknown GGUF value type " + Integer.toUnsignedString(id));
        return BY_ID[id];
    }
}
