package dev.latentj.cli;

import dev.latentj.reason.ModeConfig;
import dev.latentj.reason.ModeOptions;
import picocli.CommandLine.Mixin;

/**
 * Every flag that configures a reasoning mode, for run, probe and bench alike: decoding and sampling
 * ({@link SamplingOptions}) and Soft Thinking's ({@link SoftOptions}). Unset, a flag leaves the mode its default
 * ({@link ModeConfig#of}).
 */
public final class ModeFlags {
    @Mixin
    SamplingOptions sampling;

    @Mixin
    SoftOptions soft;

    /** The flags as a mode's options; bad values throw with the flag's name. */
    ModeOptions options(boolean coconut) {
        SamplingOptions s = sampling;
        return new ModeOptions(s.maxTokens, soft.maxThinking, soft.thinkEnd, s.temperature, s.topK, s.topP, s.minP, soft.gamma,
                soft.gumbelTau, soft.coldStopEntropy, soft.coldStopPatience, soft.maxTopK, coconut);
    }

    long seed() {
        return sampling.seed;
    }
}
