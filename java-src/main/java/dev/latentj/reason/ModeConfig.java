package dev.latentj.reason;

import dev.latentj.codi.Codi;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.soft.Noise;
import dev.latentj.soft.SoftThinkingConfig;

/**
 * What one mode runs with, built from {@link ModeOptions} by {@link #of}: the one place where each mode's defaults
 * are settled, so that run, bench, probe, a server and library callers agree. An option that is set overrides
 * the default; seeds are per question ({@link TokenMode#withSeed}, {@link SoftMode#seeded}).
 */
public sealed interface ModeConfig {

    /** Tokens cot-greedy and cot-sample generate at most: room for GSM8K-length chains. */
    int COT_MAX_TOKENS = 256;

    /** Tokens generate writes at most. */
    int GENERATE_MAX_TOKENS = 128;

    /**
     * Soft Thinking's limit of new tokens, thinking and answer together: S1's {@code max_new_tokens} of 32768
     * (research/soft-thinking.md §1.3), cut to the model's context at run time. There is no separate thinking
     * budget by default ({@link SoftThinkingConfig#NO_BUDGET}); {@code --max-thinking} sets one.
     */
    int SOFT_MAX_TOKENS = 32768;

    /**
     * The answer's room Soft Thinking keeps before the end of the context: when the context, not the limit of new
     * tokens, would end the run, thinking is forced to end this many tokens (or the limit, if smaller) before it,
     * after the think-end. CODI's answer budget: room for a GSM8K answer sentence.
     */
    int SOFT_ANSWER_ROOM = Codi.Options.DEFAULT_MAX_TOKENS;

    /** cot-sample: T 0.6, top-k 30, top-p 0.95, min-p 0, the Soft Thinking papers' sampled CoT baseline (research §2.5). */
    SamplerConfig COT_SAMPLE = new SamplerConfig(0.6f, 30, 0.95f, 0f, 0L);

    /**
     * What a Soft Thinking answer seed is mixed with: the answer's draws come from their own stream, not a copy of
     * the thinking noise's (a generator seeded alike would replay the very numbers the noise drew).
     */
    long ANSWER_SEED_MIX = 0x5DEECE66DL;

    /** {@return whether answers depend on the seed} */
    boolean sampled();

    /**
     * CODI; greedy, so the seed is unused.
     *
     * @param options answer limit and latent feed
     */
    record CodiMode(Codi.Options options) implements ModeConfig {
        @Override
        public boolean sampled() {
            return false;
        }
    }

    /**
     * Token CoT and plain generation: at most {@code maxTokens}, chosen by {@code sampler}.
     *
     * @param maxTokens the most new tokens, at least 1
     * @param sampler   greedy, or the sampling settings; its seed is replaced per question
     */
    record TokenMode(int maxTokens, SamplerConfig sampler) implements ModeConfig {
        @Override
        public boolean sampled() {
            return !sampler.isGreedy();
        }

        /**
         * {@return this configuration, sampling from {@code seed}}
         *
         * @param seed the question's seed
         */
        public TokenMode withSeed(long seed) {
            return new TokenMode(maxTokens, sampler.withSeed(seed));
        }
    }

    /**
     * Soft Thinking: its thinking, its answer's sampler, and at most {@code maxTokens} for both phases together.
     *
     * @param thinking  the concept tokens' sampling, noise, Cold Stop and think-end
     * @param answer    how the answer after the think-end is sampled
     * @param maxTokens the most new tokens, thinking and answer together, before the context cuts it
     */
    record SoftMode(SoftThinkingConfig thinking, SamplerConfig answer, int maxTokens) implements ModeConfig {
        @Override
        public boolean sampled() {
            return !(thinking.noise() instanceof Noise.None) || !answer.isGreedy();
        }

        /**
         * Seeds the thinking noise with {@code seed} and the answer with
         * {@code seed ^ }{@link ModeConfig#ANSWER_SEED_MIX}.
         *
         * @param seed the question's seed
         * @return this configuration, seeded
         */
        public SoftMode seeded(long seed) {
            return new SoftMode(thinking.withSeed(seed), answer.withSeed(seed ^ ANSWER_SEED_MIX), maxTokens);
        }
    }

    /**
     * The configuration of {@code mode} under {@code o}; the defaults, for what {@code o} leaves unset:
     * <ul>
     *   <li>codi: at most {@value Codi.Options#DEFAULT_MAX_TOKENS} answer tokens, greedy, projected latents.</li>
     *   <li>cot-greedy: {@value #COT_MAX_TOKENS} tokens, greedy; sampling options do not apply.</li>
     *   <li>cot-sample: {@value #COT_MAX_TOKENS} tokens sampled with {@link #COT_SAMPLE}.</li>
     *   <li>generate: {@value #GENERATE_MAX_TOKENS} tokens, greedy; with a positive temperature, sampled with
     *       top-k, top-p and min-p off unless set.</li>
     *   <li>soft-*: thinking as {@link SoftThinkingConfig#defaults()} (T 0.6, top-k 30, top-p 0.95, min-p 0.001,
     *       max_topk 10, Cold Stop 0.01/256, no thinking budget) with Dirichlet γ 4 or Gumbel τ 0.5 as the mode
     *       says; the answer as {@link SamplerConfig#afterThinking()} with thinking's T, top-k and top-p (its min-p
     *       stays 0); {@value #SOFT_MAX_TOKENS} new tokens in all. The think-end is {@code defaultThinkEnd}: the
     *       model's CODI answer prompt on CODI models, else {@code </think>}.</li>
     * </ul>
     *
     * @param mode            the mode
     * @param o               what the caller set
     * @param defaultThinkEnd the think-end when {@code o} sets none ({@link Reasoner#defaultThinkEnd()})
     * @return the configuration
     */
    static ModeConfig of(Mode mode, ModeOptions o, String defaultThinkEnd) {
        return switch (mode) {
            case CODI -> new CodiMode(new Codi.Options(or(o.maxTokens(), Codi.Options.DEFAULT_MAX_TOKENS), false, o.coconut()));
            case COT_GREEDY -> new TokenMode(or(o.maxTokens(), COT_MAX_TOKENS), SamplerConfig.greedy());
            case COT_SAMPLE -> new TokenMode(or(o.maxTokens(), COT_MAX_TOKENS), overridden(COT_SAMPLE, o));
            case GENERATE -> new TokenMode(or(o.maxTokens(), GENERATE_MAX_TOKENS),
                    o.sampling() ? overridden(new SamplerConfig(o.temperature(), 0, 1f, 0f, 0L), o) : SamplerConfig.greedy());
            case SOFT_VANILLA -> soft(new Noise.None(), o, defaultThinkEnd);
            case SOFT_DIRICHLET -> soft(o.gamma() != null ? new Noise.Dirichlet(o.gamma()) : new Noise.Dirichlet(), o, defaultThinkEnd);
            case SOFT_GUMBEL -> soft(o.gumbelTau() != null ? new Noise.Gumbel(o.gumbelTau()) : new Noise.Gumbel(), o, defaultThinkEnd);
        };
    }

    private static SoftMode soft(Noise noise, ModeOptions o, String defaultThinkEnd) {
        SoftThinkingConfig d = SoftThinkingConfig.defaults();
        SoftThinkingConfig thinking = d.withSampler(overridden(d.sampler(), o))
                .withMaxTopK(or(o.maxTopK(), d.maxTopK()))
                .withNoise(noise)
                .withColdStop(or(o.coldStopEntropy(), d.coldStopEntropy()), or(o.coldStopPatience(), d.coldStopPatience()))
                .withMaxThinkingSteps(or(o.maxThinking(), d.maxThinkingSteps()))
                .withThinkEnd(or(o.thinkEnd(), defaultThinkEnd));
        SamplerConfig t = thinking.sampler();
        SamplerConfig answer = SamplerConfig.afterThinking().withTemperature(t.temperature())
                .withFilters(t.topK(), t.topP(), SamplerConfig.afterThinking().minP());
        return new SoftMode(thinking, answer, or(o.maxTokens(), SOFT_MAX_TOKENS));
    }

    /** {@code base} with the sampling options that are set. */
    private static SamplerConfig overridden(SamplerConfig base, ModeOptions o) {
        return base.withTemperature(or(o.temperature(), base.temperature()))
                .withFilters(or(o.topK(), base.topK()), or(o.topP(), base.topP()), or(o.minP(), base.minP()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
