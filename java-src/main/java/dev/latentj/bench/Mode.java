package dev.latentj.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The reasoning modes {@code latentj bench} knows, by their {@code --modes} names. */
public enum Mode {
    CODI("codi", false),
    COT_GREEDY("cot-greedy", false),
    COT_SAMPLE("cot-sample", true),
    SOFT_VANILLA("soft-vanilla", true),
    SOFT_DIRICHLET("soft-dirichlet", true),
    SOFT_GUMBEL("soft-gumbel", true);

    private final String id;
    private final boolean sampled;

    Mode(String id, boolean sampled) {
        this.id = id;
        this.sampled = sampled;
    }

    public String id() {
        return id;
    }

    /**
     * Whether runs differ by seed, so that {@code --samples K} means K runs. Greedy modes run once whatever K is:
     * K copies of one deterministic answer would only cost time. Soft-vanilla's thinking is deterministic but its
     * answer is sampled after {@code </think>}, so it counts as sampled.
     */
    public boolean sampled() {
        return sampled;
    }

    public static Mode of(String id) {
        for (Mode m : values()) {
            if (m.id.equals(id)) return m;
        }
        throw new IllegalArgumentException("unknown mode '" + id + "'; known modes: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", "));
    }
}
