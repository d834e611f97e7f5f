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

    /** A typed value. */
    public record Value(GgufValueType type, Object value) {}

    private final Map<String, Value> entries;

    GgufMetadata(LinkedHashMap<String, Value> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public boolean has(String key) { return entries.containsKey(key); }

    /** Keys in file order. */
    public Set<String> keys() { return entries.keySet(); }

    public int size() { return entries.size(); }

    /** The value's type, or null if absent. */
    public GgufValueType type(String key) {
        Value v = entries.get(key);
        return v == null ? null : v.type();
    }

    /** The boxed value, or null if absent. */
    public Object raw(String key) {
        Value v = entries.get(key);
        return v == null ? null : v.value();
    }

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

    public String getString(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.STRING) throw wrongType(key, v, "STRING");
        return (String) v.value();
    }

    public long getLong(String key) throws GgufException {
        Value v = require(key);
        if (!v.type().isInteger()) throw wrongType(key, v, "an integer");
        long x = (Long) v.value();
        if (v.type() == GgufValueType.UINT64 && x < 0) {
            throw new GgufException("metadata key '" + key + "' = " + Long.toUnsignedString(x) + " does not fit in a long");
        }
        return x;
    }

    public int getInt(String key) throws GgufException {
        long x = getLong(key);
        if (x != (int) x) throw new GgufException("metadata key '" + key + "' = " + x + " does not fit in an int");
        return (int) x;
    }

    public float getFloat(String key) throws GgufException {
        Value v = require(key);
        return switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (float) (double) (Double) v.value();
            default -> throw wrongType(key, v, "FLOAT32 or FLOAT64");
        };
    }

    public boolean getBool(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.BOOL) throw wrongType(key, v, "BOOL");
        return (Boolean) v.value();
    }

    public GgufArray getArray(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.ARRAY) throw wrongType(key, v, "an array");
        return (GgufArray) v.value();
    }

    /** An array of strings as an unmodifiable list (no copy). */
    public List<String> getStringArray(String key) throws GgufException {
        Value v = require(key);
        if (v.type() != GgufValueType.ARRAY || ((GgufArray) v.value()).elementType() != GgufValueType.STRING) {
            throw wrongType(key, v, "array of STRING");
        }
        return Collections.unmodifiableList(Arrays.asList((String[]) ((GgufArray) v.value()).data()));
    }

    /** An array of any integer element type whose values all fit in an int. */
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

    /** An array of FLOAT32 (or FLOAT64, narrowed). */
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

    public String getStringOrDefault(String key, String def) throws GgufException {
        return has(key) ? getString(key) : def;
    }

    public int getIntOrDefault(String key, int def) throws GgufException {
        return has(key) ? getInt(key) : def;
    }

    public long getLongOrDefault(String key, long def) throws GgufException {
        return has(key) ? getLong(key) : def;
    }

    public float getFloatOrDefault(String key, float def) throws GgufException {
        return has(key) ? getFloat(key) : def;
    }

    public boolean getBoolOrDefault(String key, boolean def) throws GgufException {
        return has(key) ? getBool(key) : def;
    }

    public List<String> getStringArrayOrDefault(String key, List<String> def) throws GgufException {
        return has(key) ? getStringArray(key) : def;
    }

    public int[] getIntArrayOrDefault(String key, int[] def) throws GgufException {
        return has(key) ? getIntArray(key) : def;
    }

    public float[] getFloatArrayOrDefault(String key, float[] def) throws GgufException {
        return has(key) ? getFloatArray(key) : def;
    }

    @Override
    public String toString() { return "GgufMetadata" + entries.keySet(); }
}
