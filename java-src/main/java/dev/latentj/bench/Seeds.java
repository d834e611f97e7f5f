package dev.latentj.bench;

/**
 * Per-problem seeds derived from {@code --seed}: a problem's random stream depends on (seed, sample, index) only,
 * so the same command gives the same answers at any {@code --batch} and {@code --limit}.
 */
public final class Seeds {
    private Seeds() {}

    public static long of(long seed, int sample, int problemIndex) {
        return mix(mix(mix(seed) ^ sample) ^ problemIndex);
    }

    // SplitMix64's finaliser: neighbouring inputs give unrelated outputs.
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
