package dev.latentj.cli;

import dev.latentj.soft.Noise;
import dev.latentj.soft.SoftThinkingConfig;
import picocli.CommandLine.Option;

/** Soft Thinking's options: noise strength, think-end, Cold Stop, concept-token size and the thinking budget. */
public final class SoftOptions {
    @Option(names = "--gamma", paramLabel = "G",
            description = "Dirichlet concentration scale (default: " + Noise.Dirichlet.DEFAULT_GAMMA + ")")
    Double gamma;

    @Option(names = "--gumbel-tau", paramLabel = "T",
            description = "Gumbel-Softmax temperature (default: " + Noise.Gumbel.DEFAULT_TAU + ")")
    Double gumbelTau;

    @Option(names = "--think-end", paramLabel = "S",
            description = "string that ends thinking (default: the model's CODI answer prompt, e.g. \"The answer is:\", on CODI models, else "
                    + SoftThinkingConfig.THINK_END + ")")
    String thinkEnd;

    @Option(names = "--cold-stop-entropy", paramLabel = "E",
            description = "Cold Stop entropy threshold in nats, 0 turns it off (default: " + SoftThinkingConfig.DEFAULT_COLD_STOP_ENTROPY + ")")
    Float coldStopEntropy;

    @Option(names = "--cold-stop-patience", paramLabel = "N",
            description = "consecutive low-entropy steps that force the think-end (default: " + SoftThinkingConfig.DEFAULT_COLD_STOP_PATIENCE + ")")
    Integer coldStopPatience;

    @Option(names = "--max-topk", paramLabel = "N", description = "tokens in a concept token (default: " + SoftThinkingConfig.DEFAULT_MAX_TOPK + ")")
    Integer maxTopK;

    @Option(names = "--max-thinking", paramLabel = "N",
            description = "most thinking steps (default: no budget; Cold Stop, --max-tokens or the end of the context force the think-end)")
    Integer maxThinking;
}
