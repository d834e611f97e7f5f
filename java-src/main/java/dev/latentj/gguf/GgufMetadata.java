package dev.latentj.gguf;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key-value section of a GGUF file, in file order. Values are boxed as: integer scalars as {@link Long}
 * (unsigned types zero-extended; UINT64 keeps its bit pattern), FLOAT32 as {@link Float}, FLOAT64 as
 * {@link Double}, BOOL as {@link Boolean}, STRING as {@link String}, ARRAY as {@link GgufArray}.
 * Typed getters accept any type that represents the value exactly and name key and problem otherwise.
 */
public final class GgufMetadata {

    /**
     * A typed value.
     *
     * @param type  the type on disk
     * @param value the value, boxed as the class comment says
     */
    public record Value(GgufValueType type, Object value) {}

    private final Map<String, Value> entries;

    GgufMetadata(LinkedHashMap<String, Value> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * {@return whether the file has {@code key}}
     *
     * @param key a metadata key
     */
    public boolean has(String key) { return entries.containsKey(key); }

    /** {@return the keys in file order} */
    public Set<String> keys() { return entries.keySet(); }

    /** {@return the number of keys} */
    public int size() { return entries.size(); }

    /**
     * {@return the value's type, or null if absent}
     *
     * @param key a metadata key
     */
    public GgufValueType type(String key) {
        Value v = entries.get(key);
        return v == null ? null : v.type();
    }

    /**
     * {@return the boxed value, or null if absent}
     *
     * @param key a metadata key
     */
    public Object raw(String key) {
        Value v = entries.get(key);
        return v == null ? null : v.value();
    }

    /** {@return every entry, unmodifiable, in file order} */
    public Map<String, Value> asMap() { return entries; }

    private Value require(String key) throws GgufException {
        Value v = entries.get(key);
        if (v == null) throw new GgufException("metadata key '" + key + "' is missing");
        return v;
    }

    private static GgufException wrongType(String key, Value v, String wanted) {
        String got = v.type() == GgufValueType.ARRAY
                ? "array of " + ((GgufArray) v.value()).elementType() : v.type().toString();
        return new GgufException("metadata key '" + key + "' is " + got + ", expected " + wanted);
    }

    /**
     * {@return the STRING value of {@code key}}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing or not a STRING
     */
    public String getString(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.STRING) throw wrongType(key, v, "STRING");
        return (String) v.value();
    }

    /**
     * {@return the integer value of {@code key}, of any integer type}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing, not an integer, or a UINT64 beyond a long
     */
    public long getLong(String key) throws GgufException {
        Value v = require(key);
        if (!v.type().isInteger()) throw wrongType(key, v, "an integer");
        long x = (Long) v.value();
        if (v.type() == GgufValueType.UINT64 && x < 0) {
            throw new GgufException("metadata key '" + key + "' = " + Long.toUnsignedString(x) + " does not fit in a long");
        }
        return x;
    }

    /**
     * {@return the integer value of {@code key}, of any integer type}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing, not an integer, or beyond an int
     */
    public int getInt(String key) throws GgufException {
        long x = getLong(key);
        if (x != (int) x) throw new GgufException("metadata key '" + key + "' = " + x + " does not fit in an int");
        return (int) x;
    }

    /**
     * {@return the FLOAT32 value of {@code key}, or its FLOAT64 value narrowed}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing or not a float
     */
    public float getFloat(String key) throws GgufException {
        Value v = require(key);
        return switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (float) (double) (Double) v.value();
            default -> throw wrongType(key, v, "FLOAT32 or FLOAT64");
        };
    }

    /**
     * {@return the BOOL value of {@code key}}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing or not a BOOL
     */
    public boolean getBool(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.BOOL) throw wrongType(key, v, "BOOL");
        return (Boolean) v.value();
    }

    /**
     * {@return the array value of {@code key}, of any element type}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing or not an array
     */
    public GgufArray getArray(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.ARRAY) throw wrongType(key, v, "an array");
        return (GgufArray) v.value();
    }

    /**
     * {@return the array of strings of {@code key}, as an unmodifiable list} The list is a view, not a copy: token
     * lists hold ~150k entries.
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing or not an array of STRING
     */
    public List<String> getStringArray(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.ARRAY || ((GgufArray) v.value()).elementType() != GgufValueType.STRING) {
            throw wrongType(key, v, "array of STRING");
        }
        return Collections.unmodifiableList(Arrays.asList((String[]) ((GgufArray) v.value()).data()));
    }

    /**
     * {@return the array of integers of {@code key}, of any integer element type, as a fresh int array}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing, not an array of integers, or an element does not fit
     *                       in an int (naming the element)
     */
    public int[] getIntArray(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.ARRAY || !((GgufArray) v.value()).elementType().isInteger()) {
            throw wrongType(key, v, "array of integers");
        }
        GgufArray a = (GgufArray) v.value();
        if (a.data() instanceof int[] ints && a.elementType() == GgufValueType.INT32) return ints.clone();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            long x = a.getLong(i);
            if (x != (int) x || (a.elementType() == GgufValueType.UINT64 && x < 0)) {
                throw new GgufException("metadata key '" + key + "' element " + i + " = "
                        + (a.elementType() == GgufValueType.UINT64 ? Long.toUnsignedString(x) : x) + " does not fit in an int");
            }
            out[i] = (int) x;
        }
        return out;
    }

    /**
     * {@return the FLOAT32 array of {@code key}, or its FLOAT64 array narrowed, as a fresh float array}
     *
     * @param key a metadata key
     * @throws GgufException naming the key when it is missing or not an array of floats
     */
    public float[] getFloatArray(String key) throws GgufException {
        Value v = require(key);
        if (v.type() == GgufValueType.ARRAY) {
            GgufArray a = (GgufArray) v.value();
            if (a.data() instanceof float[] f) return f.clone();
            if (a.data() instanceof double[] d) {
                float[] out = new float[d.length];
                for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
                return out;
            }
        }
        throw wrongType(key, v, "array of FLOAT32");
    }

    /**
     * {@return as {@link #getString}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getString} refuses
     */
    public String getStringOrDefault(String key, String def) throws GgufException {
        return has(key) ? getString(key) : def;
    }

    /**
     * {@return as {@link #getInt}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getInt} refuses
     */
    public int getIntOrDefault(String key, int def) throws GgufException {
        return has(key) ? getInt(key) : def;
    }

    /**
     * {@return as {@link #getLong}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getLong} refuses
     */
    public long getLongOrDefault(String key, long def) throws GgufException {
        return has(key) ? getLong(key) : def;
    }

    /**
     * {@return as {@link #getFloat}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getFloat} refuses
     */
    public float getFloatOrDefault(String key, float def) throws GgufException {
        return has(key) ? getFloat(key) : def;
    }

    /**
     * {@return as {@link #getBool}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getBool} refuses
     */
    public boolean getBoolOrDefault(String key, boolean def) throws GgufException {
        return has(key) ? getBool(key) : def;
    }

    /**
     * {@return as {@link #getStringArray}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getStringArray} refuses
     */
    public List<String> getStringArrayOrDefault(String key, List<String> def) throws GgufException {
        return has(key) ? getStringArray(key) : def;
    }

    /**
     * {@return as {@link #getIntArray}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getIntArray} refuses
     */
    public int[] getIntArrayOrDefault(String key, int[] def) throws GgufException {
        return has(key) ? getIntArray(key) : def;
    }

    /**
     * {@return as {@link #getFloatArray}, or {@code def} when the file lacks {@code key}}
     *
     * @param key a metadata key
     * @param def the value of an absent key
     * @throws GgufException naming the key when it is present with a value {@link #getFloatArray} refuses
     */
    public float[] getFloatArrayOrDefault(String key, float[] def) throws GgufException {
        return has(key) ? getFloatArray(key) : def;
    }

    @Override
    public String toString() { return "GgufMetadata" + entries.keySet(); }
}
