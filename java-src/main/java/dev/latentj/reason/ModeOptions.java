package dev.latentj.reason;

import dev.latentj.params.Param;

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
        check(maxTokens, Param.MAX_TOKENS);
        check(maxThinking, Param.MAX_THINKING);
        require(thinkEnd == null || !thinkEnd.isEmpty(), "--think-end must not be empty");
        check(temperature, Param.TEMPERATURE);
        check(topK, Param.TOP_K);
        check(topP, Param.TOP_P);
        check(minP, Param.MIN_P);
        check(gamma, Param.GAMMA);
        check(gumbelTau, Param.GUMBEL_TAU);
        check(coldStopEntropy, Param.COLD_STOP_ENTROPY);
        check(coldStopPatience, Param.COLD_STOP_PATIENCE);
        check(maxTopK, Param.MAX_TOPK);
    }

    private static void check(Number v, Param p) {
        if (v != null) p.check(v.doubleValue(), "--" + p.label());
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
