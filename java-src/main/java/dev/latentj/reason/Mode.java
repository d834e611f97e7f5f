package dev.latentj.reason;

import dev.latentj.soft.SoftThinkingConfig;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The reasoning modes, by the ids {@code latentj bench --modes} takes. What each one runs with, and its defaults,
 * is {@link ModeConfig#of}.
 */
public enum Mode {
    /** CODI's continuous thoughts, then a greedy answer. */
    CODI("codi"),
    /** Token chain-of-thought, greedy, over the base vocabulary. */
    COT_GREEDY("cot-greedy"),
    /** Token chain-of-thought, sampled. */
    COT_SAMPLE("cot-sample"),
    /** Plain continuation of the prompt: greedy, or sampled with a positive temperature. */
    GENERATE("generate"),
    /** Soft Thinking without noise; its answer is sampled. */
    SOFT_VANILLA("soft-vanilla"),
    /** Soft Thinking with Dirichlet noise on each concept token. */
    SOFT_DIRICHLET("soft-dirichlet"),
    /** Soft Thinking with Gumbel-Softmax noise on each concept token. */
    SOFT_GUMBEL("soft-gumbel");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    /** {@return the id {@code latentj bench --modes} and results.json use, e.g. {@code cot-greedy}} */
    public String id() {
        return id;
    }

    /**
     * {@return the mode with this exact id}
     *
     * @param id an id as {@link #id()} gives it; case matters
     * @throws IllegalArgumentException if no mode has it; the message lists the ids
     */
    public static Mode of(String id) {
        for (Mode m : values()) {
            if (m.id.equals(id)) return m;
        }
        throw new IllegalArgumentException("unknown mode '" + id + "'; known modes: " + ids());
    }

    /** {@return every mode's id, comma-separated, in declaration order: for messages and help} */
    public static String ids() {
        return Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(", "));
    }

    /**
     * A mode by the short names of {@code run --mode} and a server request's {@code reasoning.mode}: {@code codi},
     * {@code generate}, {@code cot} (cot-sample with a positive temperature, else cot-greedy) and {@code soft}, whose
     * {@code noise} (none, dirichlet or gumbel; null is none) picks the soft mode. A full id is taken as it is.
     * Names and noise are case-insensitive.
     *
     * @param name     a short name or a full id
     * @param sampling whether a positive temperature was asked for ({@link ModeOptions#sampling()})
     * @param noise    Soft Thinking's noise, or null
     * @return the mode
     * @throws IllegalArgumentException if {@code name} or, for {@code soft}, {@code noise} is unknown
     */
    public static Mode resolve(String name, boolean sampling, String noise) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "cot" -> sampling ? COT_SAMPLE : COT_GREEDY;
            case "soft" -> switch (noise == null ? "none" : noise.toLowerCase(Locale.ROOT)) {
                case "none" -> SOFT_VANILLA;
                case "dirichlet" -> SOFT_DIRICHLET;
                case "gumbel" -> SOFT_GUMBEL;
                default -> throw new IllegalArgumentException("unknown --noise '" + noise + "' (none, dirichlet or gumbel)");
            };
            default -> Arrays.stream(values()).filter(m -> m.id.equals(n)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown --mode '" + name + "' (codi, cot, generate, soft, or one of " + ids() + ")"));
        };
    }

    /**
     * Whether answers depend on the seed under these options, so that {@code --samples K} means K runs. Greedy modes
     * run once whatever K is: K copies of one deterministic answer would only cost time. Soft-vanilla's thinking is
     * deterministic but its answer is sampled after the think-end, so it counts as sampled.
     *
     * @param options the options the mode would run with
     * @return whether answers depend on the seed
     */
    public boolean sampled(ModeOptions options) {
        return ModeConfig.of(this, options, SoftThinkingConfig.THINK_END).sampled(); // the think-end draws nothing
    }
}
