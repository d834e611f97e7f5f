package dev.latentj.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** Comparison helpers for reference values: relative error as max|a-b| / max|b|, per row. */
public final class Numerics {
    private Numerics() {}

    public static double relErr(float[] got, float[] want) {
        if (got.length != want.length) throw new AssertionError("length " + got.length + " vs reference " + want.length);
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < got.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) got[i] - want[i]));
            maxRef = Math.max(maxRef, Math.abs((double) want[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-30);
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
