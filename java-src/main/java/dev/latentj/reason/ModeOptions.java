package dev.latentj.reason;

/**
 * What a caller may set for a reasoning mode (the CLI's flags, a server request's fields). Null means "the mode's
 * default": defaults differ per mode, so {@link ModeConfig#of} applies them, in one place. The checks name the
 * CLI's flags.
 *
 * @param maxTokens        the most new tokens: CODI's answer, the token modes' output, Soft Thinking's thinking
 *                         and answer together (S1's {@code max_new_tokens})
 * @param maxThinking      a Soft Thinking budget in thinking steps; none by default
 * @param thinkEnd         the string that ends Soft Thinking's thinking
 * @param temperature      sampling temperature (token modes, Soft Thinking's concept tokens and answer)
 * @param coconut          CODI: feed the hidden state itself as the next input (no projection)
 */
public record ModeOptions(
        Integer maxTokens,
        Integer maxThinking,
        String thinkEnd,
        Float temperature,
        Integer topK,
        Float topP,
        Float minP,
        Double gamma,
        Double gumbelTau,
        Float coldStopEntropy,
        Integer coldStopPatience,
        Integer maxTopK,
        boolean coconut) {

    public ModeOptions {
        require(maxTokens == null || maxTokens >= 1, "--max-tokens must be at least 1");
        require(maxThinking == null || maxThinking >= 1, "--max-thinking must be at least 1");
        require(thinkEnd == null || !thinkEnd.isEmpty(), "--think-end must not be empty");
        require(temperature == null || (temperature >= 0 && Float.isFinite(temperature)), "--temperature must be >= 0");
        require(topK == null || topK >= 0, "--top-k must be >= 0 (0: off)");
        require(topP == null || (topP > 0 && topP <= 1), "--top-p must be in (0, 1]");
        require(minP == null || (minP >= 0 && minP < 1), "--min-p must be in [0, 1)");
        require(gamma == null || (gamma > 0 && Double.isFinite(gamma)), "--gamma must be > 0");
        require(gumbelTau == null || (gumbelTau > 0 && Double.isFinite(gumbelTau)), "--gumbel-tau must be > 0");
        require(coldStopEntropy == null || coldStopEntropy >= 0, "--cold-stop-entropy must be >= 0");
        require(coldStopPatience == null || coldStopPatience >= 1, "--cold-stop-patience must be at least 1");
        require(maxTopK == null || maxTopK >= 1, "--max-topk must be at least 1");
    }

    /** Every mode's defaults. */
    public static ModeOptions defaults() {
        return new ModeOptions(null, null, null, null, null, null, null, null, null, null, null, null, false);
    }

    /** Whether a positive temperature was asked for: what makes {@code cot} and {@code generate} sample. */
    public boolean sampling() {
        return temperature != null && temperature > 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
