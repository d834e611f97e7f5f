package dev.latentj.cli;

import picocli.CommandLine.Option;

/** --noise: which Soft Thinking a command runs ({@code bench} names it in the mode instead: soft-gumbel, ...). */
public final class NoiseOption {
    @Option(names = "--noise", paramLabel = "none|dirichlet|gumbel", defaultValue = "none",
            description = "stochastic soft tokens (default: ${DEFAULT-VALUE})")
    String noise;
}
