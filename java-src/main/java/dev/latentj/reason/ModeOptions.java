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
 * @param temperature      sampling temperature (token modes, Soft Thinking's concept tokens and answer); 0 is greedy
 * @param topK             keep the K most probable tokens before sampling; 0 keeps all
 * @param topP             nucleus sampling: the smallest head whose probability reaches it, in (0, 1]; 1 keeps all
 * @param minP             drop tokens below it times the most probable one, in [0, 1); 0 keeps all
 * @param gamma            soft-dirichlet: the concentration γ of Dir(γ · p), &gt; 0
 * @param gumbelTau        soft-gumbel: the Gumbel-Softmax temperature τ, &gt; 0
 * @param coldStopEntropy  Soft Thinking's Cold Stop threshold in nats; 0 turns Cold Stop off
 * @param coldStopPatience how many low-entropy thinking steps in a row end the thinking, at least 1
 * @param maxTopK          the most ids one concept token keeps (Soft Thinking; CODI's thoughts list as many), 1 to
 *                         {@link dev.latentj.params.Param#MAX_CONCEPT_TOKENS}
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

    /**
     * Checks each option that is set against its {@link Param} range.
     *
     * @throws IllegalArgumentException naming the CLI flag, its range and the value, for the first option out of
     *                                  range or an empty {@code thinkEnd}
     */
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

    /** {@return options with nothing set, so that every mode runs with its defaults} */
    public static ModeOptions defaults() {
        return new ModeOptions(null, null, null, null, null, null, null, null, null, null, null, null, false);
    }

    /** {@return whether a positive temperature was asked for: what makes {@code cot} and {@code generate} sample} */
    public boolean sampling() {
        return temperature != null && temperature > 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
