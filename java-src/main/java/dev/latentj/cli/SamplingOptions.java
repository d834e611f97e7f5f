package dev.latentj.cli;

import dev.latentj.codi.Codi;
import dev.latentj.reason.ModeConfig;
import picocli.CommandLine.Option;

/** --max-tokens and sampling's --temperature/--top-k/--top-p/--min-p/--seed; part of {@link ModeFlags}. */
public final class SamplingOptions {
    @Option(names = "--max-tokens", paramLabel = "N",
            description = "most new tokens (default: codi " + Codi.Options.DEFAULT_MAX_TOKENS + ", cot " + ModeConfig.COT_MAX_TOKENS
                    + ", generate " + ModeConfig.GENERATE_MAX_TOKENS + ", soft " + ModeConfig.SOFT_MAX_TOKENS
                    + " for thinking and answer together, cut to the context)")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T",
            description = "sampling temperature (default: cot-sample and soft 0.6; cot and generate decode greedily unless it is > 0)")
    Float temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "keep the K most probable tokens (default: cot-sample and soft 30)")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "keep the smallest set with probability >= P (default: cot-sample and soft 0.95)")
    Float topP;

    @Option(names = "--min-p", paramLabel = "P", description = "drop tokens below P times the most probable (default: soft thinking 0.001)")
    Float minP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "random seed; bench derives each problem's from it (default: ${DEFAULT-VALUE})")
    long seed;

    /** Whether a sampling filter was given. */
    boolean filters() {
        return topK != null || topP != null || minP != null;
    }
}
