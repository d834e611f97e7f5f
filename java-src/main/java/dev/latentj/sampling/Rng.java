package dev.latentj.sampling;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** Seeded random generators, and the open unit interval that logs and Gumbel noise need. */
public final class Rng {

    /** A fixed algorithm, so that a seed means the same draws on every JDK (the default may change). */
    public static final String ALGORITHM = "L64X128MixRandom";

    private Rng() {}

    public static RandomGenerator seeded(long seed) {
        return RandomGeneratorFactory.of(ALGORITHM).create(seed);
    }

    /** Uniform in (0, 1), never 0 or 1: the midpoint of one of 2^53 equal cells, so log(U) is always finite. */
    public static double openUnit(RandomGenerator rng) {
        return ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }
}
