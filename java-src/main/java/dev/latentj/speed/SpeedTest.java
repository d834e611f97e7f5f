package dev.latentj.speed;

import java.util.Locale;

/**
 * One measurement, with llama-bench's meaning: {@code pp N} decodes an N-token prompt, {@code tg N} generates N
 * tokens one step at a time, {@code latent N} runs N CODI latent steps and {@code soft N} N Soft Thinking steps;
 * each after {@code depth} tokens are already in the cache, for {@code batch} sequences that advance together.
 */
public record SpeedTest(Kind kind, int n, int depth, int batch) {

    /** What is measured; the prefix names the test ("pp512", "tg128", "latent128", "soft128"). */
    public enum Kind {
        PROMPT("pp"), TOKEN("tg"), LATENT("latent"), SOFT("soft");

        public final String prefix;

        Kind(String prefix) { this.prefix = prefix; }

        /** The generation kinds by their {@code --steps} name: token, latent or soft. */
        public static Kind ofStep(String step) {
            return switch (step.strip().toLowerCase(Locale.ROOT)) {
                case "token" -> TOKEN;
                case "latent" -> LATENT;
                case "soft" -> SOFT;
                default -> throw new IllegalArgumentException("unknown step '" + step + "' (token, latent or soft)");
            };
        }
    }

    public SpeedTest {
        if (n < 1) throw new IllegalArgumentException(kind.prefix + ": need at least 1 token, got " + n);
        if (depth < 0) throw new IllegalArgumentException("depth " + depth + " is negative");
        if (batch < 1) throw new IllegalArgumentException("batch " + batch + " must be at least 1");
    }

    /** "pp512", "tg128", ... as in the JSON's "test" field. */
    public String name() { return kind.prefix + n; }

    /** The table's test column: the name, with llama-bench's " @ dN" when there is a depth. */
    public String label() { return depth > 0 ? name() + " @ d" + depth : name(); }

    /** Tokens one run counts: every sequence's. */
    public long tokens() { return (long) n * batch; }
}
