package dev.latentj.soft;

import dev.latentj.params.Param;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.sampling.TopK;

/**
 * Soft Thinking's thinking phase. Defaults are the paper runs (docs/methods.md §2.3): T 0.6, top-k 30,
 * top-p 0.95, min-p 0.001, max_topk 10, Cold Stop τ 0.01 with patience 256, think-end {@code "</think>"}, and no thinking
 * budget.
 *
 * @param sampler          the concept token's softmax(logits / T) and its filters (top-k, then top-p, then min-p;
 *                         paper 2 runs min-p 0); the device applies T, and near 0 the concept token is one-hot. Its
 *                         seed seeds the noise
 * @param maxTopK          max_topk: the most ids a concept token keeps
 * @param noise            none, Dirichlet(γ) or Gumbel(τ)
 * @param coldStopEntropy  Cold Stop's τ in nats; 0 disables Cold Stop (as in S1)
 * @param coldStopPatience consecutive steps with H &lt; τ that force the think-end
 * @param maxThinkingSteps a thinking budget in concept tokens; {@link #NO_BUDGET} by default, as in S1, where
 *                         only the limit of new tokens (thinking and answer together) bounds thinking
 * @param thinkEnd         the think-end string; the caller resolves it to token ids ({@link ThinkEndMatcher})
 */
public record SoftThinkingConfig(SamplerConfig sampler, int maxTopK, Noise noise, float coldStopEntropy,
                                 int coldStopPatience, int maxThinkingSteps, String thinkEnd) {

    /** The default think-end: Qwen-style reasoning models' closing tag. */
    public static final String THINK_END = "</think>";

    /** No thinking budget: the think-end comes naturally, from Cold Stop, or at the limit of new tokens. */
    public static final int NO_BUDGET = Integer.MAX_VALUE;

    /** max_topk of the paper runs: ids per concept token. */
    public static final int DEFAULT_MAX_TOPK = 10;
    /** Cold Stop's τ of the paper runs, in nats. */
    public static final float DEFAULT_COLD_STOP_ENTROPY = 0.01f;
    /** Cold Stop's patience of the paper runs, in thinking steps. */
    public static final int DEFAULT_COLD_STOP_PATIENCE = 256;

    /**
     * Checks every component against its {@link Param} range.
     *
     * @throws IllegalArgumentException if {@code sampler} or {@code noise} is null, {@code thinkEnd} is null or
     *                                  empty, or a number is out of range
     */
    public SoftThinkingConfig {
        if (sampler == null) throw new IllegalArgumentException("sampler must not be null");
        Param.MAX_TOPK.check(maxTopK);
        if (noise == null) throw new IllegalArgumentException("noise must not be null (use Noise.None)");
        Param.COLD_STOP_ENTROPY.check(coldStopEntropy);
        Param.COLD_STOP_PATIENCE.check(coldStopPatience);
        Param.MAX_THINKING.check(maxThinkingSteps);
        if (thinkEnd == null || thinkEnd.isEmpty()) throw new IllegalArgumentException("think-end string must not be empty");
    }

    /** {@return the paper runs' configuration, without noise} */
    public static SoftThinkingConfig defaults() {
        return new SoftThinkingConfig(SamplerConfig.softThinkingDefaults(), DEFAULT_MAX_TOPK, new Noise.None(),
                DEFAULT_COLD_STOP_ENTROPY, DEFAULT_COLD_STOP_PATIENCE, NO_BUDGET, THINK_END);
    }

    /**
     * {@return this configuration with another sampler}
     *
     * @param s temperature, filters and seed
     */
    public SoftThinkingConfig withSampler(SamplerConfig s) {
        return new SoftThinkingConfig(s, maxTopK, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd);
    }

    /**
     * {@return this configuration with the sampler's temperature replaced}
     *
     * @param t the temperature T
     */
    public SoftThinkingConfig withTemperature(float t) {
        return withSampler(sampler.withTemperature(t));
    }

    /**
     * {@return this configuration with the sampler's filters replaced}
     *
     * @param k  top-k, 0 for off
     * @param p  top-p, 1 for off
     * @param mp min-p, 0 for off
     */
    public SoftThinkingConfig withFilters(int k, float p, float mp) {
        return withSampler(sampler.withFilters(k, p, mp));
    }

    /**
     * {@return this configuration with the noise seed replaced}
     *
     * @param s the seed of the sampler, which seeds the noise
     */
    public SoftThinkingConfig withSeed(long s) {
        return withSampler(sampler.withSeed(s));
    }

    /**
     * {@return this configuration with another max_topk}
     *
     * @param n the most ids a concept token keeps
     */
    public SoftThinkingConfig withMaxTopK(int n) {
        return new SoftThinkingConfig(sampler, n, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd);
    }

    /**
     * {@return this configuration with other noise}
     *
     * @param n none, Dirichlet or Gumbel
     */
    public SoftThinkingConfig withNoise(Noise n) {
        return new SoftThinkingConfig(sampler, maxTopK, n, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd);
    }

    /**
     * {@return this configuration with other Cold Stop settings}
     *
     * @param entropy  τ in nats; 0 disables Cold Stop
     * @param patience consecutive low-entropy steps that force the think-end, at least 1
     */
    public SoftThinkingConfig withColdStop(float entropy, int patience) {
        return new SoftThinkingConfig(sampler, maxTopK, noise, entropy, patience, maxThinkingSteps, thinkEnd);
    }

    /**
     * {@return this configuration with another thinking budget}
     *
     * @param steps concept tokens before the think-end is forced; {@link #NO_BUDGET} for none
     */
    public SoftThinkingConfig withMaxThinkingSteps(int steps) {
        return new SoftThinkingConfig(sampler, maxTopK, noise, coldStopEntropy, coldStopPatience, steps, thinkEnd);
    }

    /**
     * {@return this configuration with another think-end}
     *
     * @param end the think-end string, not empty
     */
    public SoftThinkingConfig withThinkEnd(String end) {
        return new SoftThinkingConfig(sampler, maxTopK, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, end);
    }

    /**
     * The K to ask the device for. Dirichlet noise needs the whole filtered support (its concentrations γ·p are
     * renormalised over it), and top-p after top-k needs the top-k set to renormalise: both are inside the device's
     * top-K when top-k &lt;= K. With top-k off, K = {@link TopK#MAX_DEVICE_K} approximates the tail beyond it.
     * Unlike {@link SamplerConfig#deviceK()} it never drops to 1 for a greedy sampler: the concept token is a
     * distribution, and T near 0 makes it one-hot by itself.
     *
     * @return K, 1 to {@link TopK#MAX_DEVICE_K}
     */
    public int deviceK() {
        return sampler.topK() > 0 ? Math.min(sampler.topK(), TopK.MAX_DEVICE_K) : TopK.MAX_DEVICE_K;
    }
}
