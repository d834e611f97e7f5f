package dev.latentj.params;

import java.util.Optional;

/**
 * The accepted range of every numeric parameter, in one place: the CLI checks its options here before any work
 * starts (an option has the same range in every command), and the library's option records check the same bounds,
 * so a server or a library caller gets the same answer. A failed check is an {@link IllegalArgumentException} that
 * names the parameter, the range and the value.
 *
 * <p>The bounds that are not mathematical are there so that no value can crash the process or stall it: threads
 * beyond ggml's 512 crash its thread pool and far more threads than cores make every step spin on barriers; a
 * concept token has at most {@link #MAX_CONCEPT_TOKENS} entries, what the device's top-K reads back.
 */
public enum Param {
    /** CPU threads of the native engine; the upper bound is {@code min(512, 4 × cores)}. */
    THREADS("threads", 0, maxThreads(), Kind.INTEGER, "0: all cores but one"),
    /** Sampling temperature; 0 takes the most probable token. */
    TEMPERATURE("temperature", 0, Double.POSITIVE_INFINITY, Kind.REAL, "0: greedy"),
    /** Keep the K most probable tokens before sampling; 0 keeps all. */
    TOP_K("top-k", 0, Double.POSITIVE_INFINITY, Kind.INTEGER, "0: off"),
    /** Nucleus sampling: keep the smallest head whose probability reaches P; 1 keeps all. */
    TOP_P("top-p", 0, 1, Kind.REAL_OPEN_MIN, "1: off"),
    /** Drop tokens below P times the most probable one; 0 keeps all. */
    MIN_P("min-p", 0, 1, Kind.REAL_OPEN_MAX, "0: off"),
    /** Dirichlet concentration γ of Stochastic Soft Thinking's noise; must be positive for Dir(γ · p) to exist. */
    GAMMA("gamma", 0, Double.POSITIVE_INFINITY, Kind.REAL_OPEN_MIN, null),
    /** Gumbel-Softmax temperature τ of Stochastic Soft Thinking's noise; it divides, so it must be positive. */
    GUMBEL_TAU("gumbel-tau", 0, Double.POSITIVE_INFINITY, Kind.REAL_OPEN_MIN, null),
    /** Cold Stop's entropy threshold in nats; 0 turns Cold Stop off. */
    COLD_STOP_ENTROPY("cold-stop-entropy", 0, Double.POSITIVE_INFINITY, Kind.REAL, null),
    /** Cold Stop's patience: how many low-entropy steps in a row end the thinking. */
    COLD_STOP_PATIENCE("cold-stop-patience", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** max_topk: the most ids one concept token keeps, at most {@link #MAX_CONCEPT_TOKENS}. */
    MAX_TOPK("max-topk", 1, Param.MAX_CONCEPT_TOKENS, Kind.INTEGER, null),
    /** The most thinking steps before the think-end is forced. */
    MAX_THINKING("max-thinking", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** The most new tokens per answer. */
    MAX_TOKENS("max-tokens", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** Rows of one native batch: bench's problems decoded together (a sequence each), serve's rows per engine step. */
    BATCH("batch", 1, 1024, Kind.INTEGER, null),
    /** Runs per sampled mode in a benchmark, for pass@K. */
    SAMPLES("samples", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** Only the first N problems of a benchmark. */
    LIMIT("limit", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** Timed runs per speed test (llama-bench's -r). */
    REPETITIONS("repetitions", 1, 1000, Kind.INTEGER, null),
    /** Tokens the probe shows per latent thought. */
    TOP("top", 1, 100, Kind.INTEGER, null),
    /** LoRA rank of a CODI checkpoint, when its codi.json is overridden. */
    LORA_R("lora-r", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** LoRA alpha of a CODI checkpoint, when its codi.json is overridden; it scales the merged delta by alpha/r. */
    LORA_ALPHA("lora-alpha", 0, Double.POSITIVE_INFINITY, Kind.REAL_OPEN_MIN, null),
    /** The server's TCP port. */
    PORT("port", 0, 65535, Kind.INTEGER, "0: any free port"),
    /** The server's sequence slots: choices decoded together. */
    PARALLEL("parallel", 1, 256, Kind.INTEGER, null),
    /** The server's positions per slot. */
    CTX("ctx", 0, Double.POSITIVE_INFINITY, Kind.INTEGER, "0: the model's context, at most 4096"),
    /** Requests that may wait for a server slot. */
    MAX_QUEUE("max-queue", 0, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** A server request's time limit in seconds. */
    TIMEOUT("timeout", 0, Double.POSITIVE_INFINITY, Kind.REAL_OPEN_MIN, null),
    /** A device's share of a split model's layers; 0 gives it none. */
    TENSOR_SPLIT("tensor-split", 0, Double.POSITIVE_INFINITY, Kind.REAL, null),
    /** Seconds one exchange with a split model's RPC servers may take. */
    RPC_TIMEOUT("rpc-timeout", 1, 86_400, Kind.INTEGER, null),
    /** An RPC server's memory cap in MiB (up to 16 TiB); 0 caps nothing. */
    MEM("mem", 0, 1 << 24, Kind.INTEGER, "0: all the device has"),
    /** CODI training: the student's latent steps, unrolled in the training graph. */
    LATENTS("latents", 0, 64, Kind.INTEGER, null),
    /** CODI training: the peak learning rate. */
    LR("lr", 0, Double.POSITIVE_INFINITY, Kind.REAL, null),
    /** CODI training: the share of the steps that warm the learning rate up from 0. */
    WARMUP_RATIO("warmup-ratio", 0, 1, Kind.REAL, null),
    /** CODI training: AdamW's decoupled weight decay. */
    WEIGHT_DECAY("weight-decay", 0, Double.POSITIVE_INFINITY, Kind.REAL, null),
    /** CODI training: the global gradient norm is clipped to this. */
    MAX_GRAD_NORM("max-grad-norm", 0, Double.POSITIVE_INFINITY, Kind.REAL, "0: no clipping"),
    /** CODI training: micro-batches per optimiser step. */
    GRAD_ACCUM("grad-accum", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** CODI training: passes over the data. */
    EPOCHS("epochs", 1, Double.POSITIVE_INFINITY, Kind.INTEGER, null),
    /** CODI training: optimiser steps. */
    STEPS("steps", 0, Double.POSITIVE_INFINITY, Kind.INTEGER, "0: --epochs decides"),
    /** CODI training: the weight of the distillation term in the loss. */
    KD_FACTOR("kd-factor", 0, Double.POSITIVE_INFINITY, Kind.REAL, null),
    /** CODI training: optimiser steps between checkpoints. */
    CHECKPOINT_EVERY("checkpoint-every", 0, Double.POSITIVE_INFINITY, Kind.INTEGER, "0: never");

    /** The most ids in a concept token: the native engine's LJ_MAX_TOPK, the largest top-K the device reads back. */
    public static final int MAX_CONCEPT_TOKENS = 64;

    /** ggml's GGML_MAX_N_THREADS: its thread pool has room for no more. */
    static final int GGML_MAX_THREADS = 512;

    private enum Kind { INTEGER, REAL, REAL_OPEN_MIN, REAL_OPEN_MAX }

    private final String name;
    private final double min, max;
    private final Kind kind;
    private final String note;

    Param(String name, double min, double max, Kind kind, String note) {
        this.name = name;
        this.min = min;
        this.max = max;
        this.kind = kind;
        this.note = note;
    }

    /** At most four threads per core (more only spin), and never more than ggml's thread pool holds. */
    private static int maxThreads() {
        return Math.min(GGML_MAX_THREADS, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** {@return the name as the CLI spells the option, without its dashes} */
    public String label() {
        return name;
    }

    /**
     * {@return the parameter with CLI name {@code name}, if it has a range here}
     *
     * @param name an option name without its dashes, e.g. {@code top-p}
     */
    public static Optional<Param> byName(String name) {
        for (Param p : values()) if (p.name.equals(name)) return Optional.of(p);
        return Optional.empty();
    }

    /** {@return the range in words, e.g. "a number in (0, 1]", "an integer in [1, 100]" or "a finite number > 0"} */
    public String range() {
        String lo = kind == Kind.REAL_OPEN_MIN ? "(" : "[";
        String hi = kind == Kind.REAL_OPEN_MAX ? ")" : "]";
        String r = Double.isInfinite(max)
                ? (kind == Kind.REAL_OPEN_MIN ? "> " : ">= ") + format(min)
                : "in " + lo + format(min) + ", " + format(max) + hi;
        String what = kind == Kind.INTEGER ? "an integer " : Double.isInfinite(max) ? "a finite number " : "a number ";
        return what + r;
    }

    /** {@return what a special value means ("0: off"), or null} */
    public String note() {
        return note;
    }

    /**
     * Checks an integer value.
     *
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException naming this parameter, the range and the value when it is out of range
     */
    public int check(int value) {
        check((double) value, name);
        return value;
    }

    /**
     * Checks a float value, as {@link #check(int)}.
     *
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException naming this parameter, the range and the value when it is out of range
     */
    public float check(float value) {
        check((double) value, name);
        return value;
    }

    /**
     * Checks a double value, as {@link #check(int)}.
     *
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException naming this parameter, the range and the value when it is out of range
     */
    public double check(double value) {
        return check(value, name);
    }

    /**
     * As {@link #check(double)}, under the name the caller knows the parameter by.
     *
     * @param value the value to check
     * @param as    the name the message uses, e.g. {@code --top-p} for the CLI or {@code top_p} for a JSON field
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code as}, the range and the value when it is out of range
     */
    public double check(double value, String as) {
        if (!contains(value)) {
            throw new IllegalArgumentException(as + " must be " + range() + ", got " + format(value));
        }
        return value;
    }

    /**
     * {@return whether {@code v} is in range} NaN and the infinities never are, and an integer parameter takes only
     * whole numbers.
     *
     * @param v the value to test
     */
    public boolean contains(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return false;
        if (kind == Kind.INTEGER && v != Math.rint(v)) return false;
        boolean aboveMin = kind == Kind.REAL_OPEN_MIN ? v > min : v >= min;
        boolean belowMax = kind == Kind.REAL_OPEN_MAX ? v < max : v <= max;
        return aboveMin && belowMax;
    }

    private static String format(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
