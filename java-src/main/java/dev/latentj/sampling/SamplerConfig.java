package dev.latentj.sampling;

import dev.latentj.params.Param;

import java.util.List;

/**
 * Discrete token sampling: softmax(logits / T) → top-k → top-p → min-p → renormalise → draw. The temperature comes
 * first, as in HF transformers, CODI's test.py and Soft Thinking's sampler (llama.cpp's default chain applies it
 * last). T &lt;= 0 or top-k 1 is greedy.
 *
 * @param temperature T; 0 means greedy
 * @param topK        keep the k most probable; 0 disables
 * @param topP        nucleus threshold in (0, 1]; 1 disables
 * @param minP        drop p &lt; minP · p_max, in [0, 1); 0 disables
 * @param seed        seed of the draws
 */
public record SamplerConfig(float temperature, int topK, float topP, float minP, long seed) {

    /**
     * Checks every field against its {@link Param} range.
     *
     * @throws IllegalArgumentException naming the first field out of range
     */
    public SamplerConfig {
        Param.TEMPERATURE.check(temperature);
        Param.TOP_K.check(topK);
        Param.TOP_P.check(topP);
        Param.MIN_P.check(minP);
    }

    /** {@return argmax decoding (CODI's --greedy)} */
    public static SamplerConfig greedy() {
        return new SamplerConfig(0f, 0, 1f, 0f, 0L);
    }

    /**
     * {@return CODI's sampler} These are the gen_kwargs of zhenyi4/codi's test.py: temperature 0.1, top_k 40,
     * top_p 0.95, do_sample.
     */
    public static SamplerConfig codi() {
        return new SamplerConfig(0.1f, 40, 0.95f, 0f, 0L);
    }

    /**
     * {@return the sampler of Soft Thinking's paper runs} Those are (docs/methods.md §2.3) temperature 0.6,
     * top-k 30, top-p 0.95, min-p 0.001. That min-p is the <em>thinking</em> filter; the after-thinking min-p is
     * 0.0, see {@link #afterThinking()}.
     */
    public static SamplerConfig softThinkingDefaults() {
        return new SamplerConfig(0.6f, 30, 0.95f, 0.001f, 0L);
    }

    /**
     * {@return the sampler of Soft Thinking's answer phase after {@code </think>}} Per docs/methods.md §2.3,
     * after-thinking temperature / top-p / top-k / min-p = 0.6 / 0.95 / 30 / 0.0; paper 2's scripts use the same.
     */
    public static SamplerConfig afterThinking() {
        return new SamplerConfig(0.6f, 30, 0.95f, 0f, 0L);
    }

    /**
     * {@return this config with another seed}
     *
     * @param newSeed the seed of the draws
     */
    public SamplerConfig withSeed(long newSeed) {
        return new SamplerConfig(temperature, topK, topP, minP, newSeed);
    }

    /**
     * {@return this config with another temperature}
     *
     * @param t the temperature; 0 means greedy
     */
    public SamplerConfig withTemperature(float t) {
        return new SamplerConfig(t, topK, topP, minP, seed);
    }

    /**
     * {@return this config with other truncation filters}
     *
     * @param k  top-k; 0 disables
     * @param p  top-p in (0, 1]; 1 disables
     * @param mp min-p in [0, 1); 0 disables
     */
    public SamplerConfig withFilters(int k, float p, float mp) {
        return new SamplerConfig(temperature, k, p, mp, seed);
    }

    /** {@return whether this always takes the most probable token: T &lt;= 0 or top-k 1} */
    public boolean isGreedy() {
        return temperature <= 0f || topK == 1;
    }

    /** {@return the truncation chain, in order: top-k, top-p, min-p} */
    public List<CandidateFilter> filters() {
        return List.of(new CandidateFilter.TopKFilter(topK), new CandidateFilter.TopPFilter(topP),
                new CandidateFilter.MinPFilter(minP));
    }

    /**
     * Runs the chain and renormalises.
     *
     * @param c candidates sorted by weight descending
     * @return the kept candidates, summing to 1
     */
    public Candidates filter(Candidates c) {
        for (CandidateFilter f : filters()) c = f.apply(c);
        return c.normalised();
    }

    /**
     * {@return the K to ask the device for} It is top-k itself when it fits (then the device's top-k is exactly the
     * first filter), else the most the device gives (then {@link TokenSampler#sufficient} decides per step).
     */
    public int deviceK() {
        if (isGreedy()) return 1;
        return topK > 0 ? Math.min(topK, TopK.MAX_DEVICE_K) : TopK.MAX_DEVICE_K;
    }
}
