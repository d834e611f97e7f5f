package dev.latentj.sampling;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** Seeded random generators, and the open unit interval that logs and Gumbel noise need. */
public final class Rng {

    /** A fixed algorithm, so that a seed means the same draws on every JDK (the default may change). */
    public static final String ALGORITHM = "L64X128MixRandom";

    private Rng() {}

    /**
     * {@return a generator of the fixed {@link #ALGORITHM}, so one seed gives one sequence everywhere}
     *
     * @param seed the seed
     */
    public static RandomGenerator seeded(long seed) {
        return RandomGeneratorFactory.of(ALGORITHM).create(seed);
    }

    /**
     * {@return a uniform draw in (0, 1), never 0 or 1} It is the midpoint of one of 2^53 equal cells, so log(U) is
     * always finite.
     *
     * @param rng the source of the 53 random bits
     */
    public static double openUnit(RandomGenerator rng) {
        return ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }
}
