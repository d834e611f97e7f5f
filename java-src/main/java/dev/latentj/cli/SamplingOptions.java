package dev.latentj.cli;

import dev.latentj.sampling.SamplerConfig;
import picocli.CommandLine.Option;

/** --temperature/--top-k/--top-p/--min-p/--seed: sampling for cot and generate; greedy when none is given. */
public final class SamplingOptions {
    @Option(names = "--temperature", paramLabel = "T",
            description = "sampling temperature (cot, generate: absent or 0 means greedy; soft: default 0.6)")
    Float temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "keep the K most probable tokens")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "keep the smallest set with probability >= P")
    Float topP;

    @Option(names = "--min-p", paramLabel = "P", description = "drop tokens below P times the most probable")
    Float minP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    public boolean sampling() {
        return temperature != null && temperature > 0;
    }

    /** The token sampler: greedy unless a positive temperature is given. */
    public SamplerConfig sampler() {
        if (!sampling()) {
            if (topK != null || topP != null || minP != null) {
                throw new IllegalArgumentException("--top-k/--top-p/--min-p need a positive --temperature (without one decoding is greedy)");
            }
            return SamplerConfig.greedy().withSeed(seed);
        }
        return new SamplerConfig(temperature, topK != null ? topK : 0, topP != null ? topP : 1.0f, minP != null ? minP : 0.0f, seed);
    }
}
