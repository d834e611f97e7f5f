package dev.latentj.cli;

import dev.latentj.soft.Noise;
import dev.latentj.soft.SoftThinkingConfig;
import picocli.CommandLine.Option;

import java.util.Locale;

/** Soft Thinking's options (--mode soft): noise, think-end, Cold Stop, and the concept-token filters. */
public final class SoftOptions {
    @Option(names = "--noise", paramLabel = "none|dirichlet|gumbel", defaultValue = "none",
            description = "stochastic soft tokens (default: ${DEFAULT-VALUE})")
    String noise;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "4", description = "Dirichlet concentration scale (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--gumbel-tau", paramLabel = "T", defaultValue = "0.5", description = "Gumbel-Softmax temperature (default: ${DEFAULT-VALUE})")
    double gumbelTau;

    @Option(names = "--think-end", paramLabel = "S",
            description = "string that ends thinking (default: </think>, or the CODI answer prompt \"The answer is:\" on CODI models)")
    String thinkEnd;

    @Option(names = "--cold-stop-entropy", paramLabel = "E", defaultValue = "0.01",
            description = "Cold Stop entropy threshold in nats, 0 turns it off (default: ${DEFAULT-VALUE})")
    float coldStopEntropy;

    @Option(names = "--cold-stop-patience", paramLabel = "N", defaultValue = "256",
            description = "consecutive low-entropy steps that force the think-end (default: ${DEFAULT-VALUE})")
    int coldStopPatience;

    @Option(names = "--max-topk", paramLabel = "N", defaultValue = "10", description = "tokens in a concept token (default: ${DEFAULT-VALUE})")
    int maxTopK;

    @Option(names = "--max-thinking", paramLabel = "N", defaultValue = "512", description = "most thinking steps (default: ${DEFAULT-VALUE})")
    int maxThinking;

    /**
     * The answer phase's sampler: the paper samples it like thinking (T 0.6, top-k 30, top-p 0.95,
     * min-p 0); the sampling flags override those, and a temperature of 0 makes it greedy.
     */
    public dev.latentj.sampling.SamplerConfig answerSampler(SamplingOptions s) {
        var d = dev.latentj.sampling.SamplerConfig.afterThinking();
        float t = s.temperature != null ? s.temperature : d.temperature();
        return new dev.latentj.sampling.SamplerConfig(t, s.topK != null ? s.topK : d.topK(), s.topP != null ? s.topP : d.topP(),
                d.minP(), s.seed);
    }

    public Noise noise() {
        return switch (noise.toLowerCase(Locale.ROOT)) {
            case "none" -> new Noise.None();
            case "dirichlet" -> new Noise.Dirichlet(gamma);
            case "gumbel" -> new Noise.Gumbel(gumbelTau);
            default -> throw new IllegalArgumentException("unknown --noise '" + noise + "' (none, dirichlet or gumbel)");
        };
    }

    /**
     * The thinking configuration: the paper's defaults (T 0.6, top-k 30, top-p 0.95, min-p 0.001)
     * unless the sampling flags say otherwise.
     */
    public SoftThinkingConfig config(SamplingOptions s, String defaultThinkEnd) {
        SoftThinkingConfig c = SoftThinkingConfig.defaults();
        if (s.temperature != null) c = c.withTemperature(s.temperature);
        c = c.withFilters(s.topK != null ? s.topK : c.topK(), s.topP != null ? s.topP : c.topP(), s.minP != null ? s.minP : c.minP());
        return c.withMaxTopK(maxTopK).withNoise(noise()).withColdStop(coldStopEntropy, coldStopPatience)
                .withMaxThinkingSteps(maxThinking).withSeed(s.seed).withThinkEnd(thinkEnd != null ? thinkEnd : defaultThinkEnd);
    }
}
