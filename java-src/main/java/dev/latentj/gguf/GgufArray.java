package dev.latentj.gguf;

import java.lang.reflect.Array;
import java.util.Objects;

/**
 * A GGUF array value. {@code data} is a primitive array matching the element type, kept compact because token
 * lists and scores hold ~150k entries: byte[] (UINT8, INT8, BOOL), short[] (UINT16, INT16), int[] (UINT32, INT32),
 * long[] (UINT64, INT64), float[] (FLOAT32), double[] (FLOAT64), String[] (STRING), GgufArray[] (ARRAY).
 * Unsigned elements are stored with their bit pattern; {@link #getLong} zero-extends them.
 *
 * @param elementType the type of every element
 * @param data        the primitive array of that type, as listed above; not copied
 */
public record GgufArray(GgufValueType elementType, Object data) {

    /**
     * Checks that {@code data} is the array class the element type is stored in.
     *
     * @throws IllegalArgumentException when it is not
     */
    public GgufArray {
        Objects.requireNonNull(elementType);
        Class<?> expected = switch (elementType) {
            case UINT8, INT8, BOOL -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case STRING -> String[].class;
            case ARRAY -> GgufArray[].class;
        };
        if (!expected.isInstance(data)) {
            throw new IllegalArgumentException("array of " + elementType + " needs a " + expected.getSimpleName());
        }
    }

    /** {@return the number of elements} */
    public int size() { return Array.getLength(data); }

    /**
     * {@return integer element {@code i}, zero-extended for unsigned types} UINT64 keeps its bit pattern.
     *
     * @param i the index
     * @throws IllegalStateException when the elements are not integers
     */
    public long getLong(int i) {
        return switch (elementType) {
            case UINT8 -> ((byte[]) data)[i] & 0xffL;
            case INT8 -> ((byte[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xffffL;
            case INT16 -> ((short[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xffffffffL;
            case INT32 -> ((int[]) data)[i];
            case UINT64, INT64 -> ((long[]) data)[i];
            default -> throw new IllegalStateException("array of " + elementType + " is not an integer array");
        };
    }

    /**
     * {@return element {@code i}, boxed the way {@link GgufMetadata#raw} boxes scalars}
     *
     * @param i the index
     */
    public Object get(int i) {
        return switch (elementType) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case BOOL -> ((byte[]) data)[i] != 0;
            case STRING -> ((String[]) data)[i];
            case ARRAY -> ((GgufArray[]) data)[i];
            default -> getLong(i);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray a && a.elementType == elementType
                && java.util.Objects.deepEquals(new Object[] {data}, new Object[] {a.data});
    }

    @Override
    public int hashCode() {
        return elementType.hashCode() * 31 + java.util.Arrays.deepHashCode(new Object[] {data});
    }

    @Override
    public String toString() {
        return "array<" + elementType + ">[" + size() + "]";
    }
}
