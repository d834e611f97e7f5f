package dev.latentj.soft;

import dev.latentj.sampling.TopK;

/**
 * Soft Thinking's thinking phase. Defaults are the paper runs (research/soft-thinking.md §1.3): T 0.6, top-k 30,
 * top-p 0.95, min-p 0.001, max_topk 10, Cold Stop τ 0.01 with patience 256, think-end {@code "</think>"}.
 *
 * @param temperature      T of softmax(logits / T); the device applies it. Near 0 the concept token is one-hot
 * @param topK             top-k before top-p; 0 disables
 * @param topP             top-p in (0, 1]; 1 disables
 * @param minP             drop p &lt; minP · p_max; 0 disables (paper 2 runs with 0)
 * @param maxTopK          max_topk: the most ids a concept token keeps
 * @param noise            none, Dirichlet(γ) or Gumbel(τ)
 * @param coldStopEntropy  Cold Stop's τ in nats; &lt;= 0 disables Cold Stop (as in S1)
 * @param coldStopPatience consecutive steps with H &lt; τ that force the think-end
 * @param maxThinkingSteps thinking budget in concept tokens (S1 has only max_new_tokens 32768 for both phases)
 * @param thinkEnd         the think-end string; the caller resolves it to token ids ({@link ThinkEndMatcher})
 * @param seed             seed of the noise
 */
public record SoftThinkingConfig(float temperature, int topK, float topP, float minP, int maxTopK, Noise noise,
                                 float coldStopEntropy, int coldStopPatience, int maxThinkingSteps, String thinkEnd,
                                 long seed) {

    public static final String THINK_END = "</think>";

    public SoftThinkingConfig {
        if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0 (0 disables), got " + topK);
        if (!(topP > 0f && topP <= 1f)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        if (!(minP >= 0f && minP < 1f)) throw new IllegalArgumentException("min-p must be in [0, 1), got " + minP);
        if (maxTopK < 1) throw new IllegalArgumentException("max_topk must be >= 1, got " + maxTopK);
        if (noise == null) throw new IllegalArgumentException("noise must not be null (use Noise.None)");
        if (coldStopPatience < 1) throw new IllegalArgumentException("Cold Stop patience must be >= 1, got " + coldStopPatience);
        if (maxThinkingSteps < 1) throw new IllegalArgumentException("max thinking steps must be >= 1, got " + maxThinkingSteps);
        if (thinkEnd == null || thinkEnd.isEmpty()) throw new IllegalArgumentException("think-end string must not be empty");
    }

    public static SoftThinkingConfig defaults() {
        return new SoftThinkingConfig(0.6f, 30, 0.95f, 0.001f, 10, new Noise.None(), 0.01f, 256, 32768, THINK_END, 0L);
    }

    public SoftThinkingConfig withTemperature(float t) {
        return new SoftThinkingConfig(t, topK, topP, minP, maxTopK, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd, seed);
    }

    public SoftThinkingConfig withFilters(int k, float p, float mp) {
        return new SoftThinkingConfig(temperature, k, p, mp, maxTopK, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd, seed);
    }

    public SoftThinkingConfig withMaxTopK(int n) {
        return new SoftThinkingConfig(temperature, topK, topP, minP, n, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd, seed);
    }

    public SoftThinkingConfig withNoise(Noise n) {
        return new SoftThinkingConfig(temperature, topK, topP, minP, maxTopK, n, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd, seed);
    }

    public SoftThinkingConfig withColdStop(float entropy, int patience) {
        return new SoftThinkingConfig(temperature, topK, topP, minP, maxTopK, noise, entropy, patience, maxThinkingSteps, thinkEnd, seed);
    }

    public SoftThinkingConfig withMaxThinkingSteps(int steps) {
        return new SoftThinkingConfig(temperature, topK, topP, minP, maxTopK, noise, coldStopEntropy, coldStopPatience, steps, thinkEnd, seed);
    }

    public SoftThinkingConfig withThinkEnd(String end) {
        return new SoftThinkingConfig(temperature, topK, topP, minP, maxTopK, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, end, seed);
    }

    public SoftThinkingConfig withSeed(long s) {
        return new SoftThinkingConfig(temperature, topK, topP, minP, maxTopK, noise, coldStopEntropy, coldStopPatience, maxThinkingSteps, thinkEnd, s);
    }

    /**
     * The K to ask the device for. Dirichlet noise needs the whole filtered support (its concentrations γ·p are
     * renormalised over it), and top-p after top-k needs the top-k set to renormalise: both are inside the device's
     * top-K when top-k &lt;= K. With top-k off, K = {@link TopK#MAX_DEVICE_K} approximates the tail beyond it.
     */
    public int deviceK() {
        return topK > 0 ? Math.min(topK, TopK.MAX_DEVICE_K) : TopK.MAX_DEVICE_K;
    }
}
