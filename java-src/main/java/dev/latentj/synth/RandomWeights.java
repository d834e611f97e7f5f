package dev.latentj.synth;

import dev.latentj.convert.Weight;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Values for a synthetic checkpoint, reproducible from (seed, tensor name) whatever the thread count: norm scales
 * are 1, biases 0, the rest uniform with standard deviation 0.02 (transformers' initializer_range), so activations
 * stay finite through every layer.
 */
final class RandomWeights {
    private static final float STD = 0.02f;
    private static final float HALF_WIDTH = (float) (STD * Math.sqrt(3)); // uniform [-a, a] has std a / sqrt(3)
    private static final int CHUNK = 1 << 20;

    private RandomWeights() {}

    /** A tensor under its Hugging Face name and PyTorch shape. */
    static Weight of(String name, long seed, long... shape) {
        return new Weight(name, shape, () -> values(name, seed, Math.toIntExact(numel(shape))));
    }

    static float[] values(String name, long seed, int n) {
        float[] v = new float[n];
        if (isNormScale(name)) {
            java.util.Arrays.fill(v, 1f);
        } else if (!name.endsWith(".bias")) {
            long base = seed * 0x9E3779B97F4A7C15L ^ name.hashCode();
            IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
                SplittableRandom r = new SplittableRandom(base + c);
                for (int i = c * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                    v[i] = (float) (r.nextDouble() * 2 - 1) * HALF_WIDTH;
                }
            });
        }
        return v;
    }

    /** LayerNorm / RMSNorm scales: "ln_1.weight", "input_layernorm.weight", "q_norm.weight", "prj.ln.weight"... */
    static boolean isNormScale(String name) {
        if (!name.endsWith(".weight")) return false;
        String n = name.substring(0, name.length() - ".weight".length());
        return n.endsWith("norm") || n.endsWith("layernorm") || n.matches(".*(^|\\.)ln(_\\w+)?$");
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }
}
