package dev.latentj.bench;

import dev.latentj.params.Param;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Decoding options passed through from the command line to the runners. Empty means "the mode's default"
 * (e.g. CODI decodes 256 answer tokens, soft thinking uses T 0.6, top-k 30, top-p 0.95, Cold Stop 0.01/256):
 * defaults differ per mode, so the runner that knows the mode applies them.
 */
public record GenerationOptions(
        OptionalInt maxTokens,
        Optional<String> thinkEnd,
        OptionalDouble temperature,
        OptionalInt topK,
        OptionalDouble topP,
        OptionalDouble minP,
        OptionalDouble gamma,
        OptionalDouble gumbelTau,
        OptionalDouble coldStopEntropy,
        OptionalInt coldStopPatience) {

    public GenerationOptions {
        check(maxTokens, Param.MAX_TOKENS);
        require(thinkEnd.map(t -> !t.isEmpty()).orElse(true), "--think-end must not be empty");
        check(temperature, Param.TEMPERATURE);
        check(topK, Param.TOP_K);
        check(topP, Param.TOP_P);
        check(minP, Param.MIN_P);
        check(gamma, Param.GAMMA);
        check(gumbelTau, Param.GUMBEL_TAU);
        check(coldStopEntropy, Param.COLD_STOP_ENTROPY);
        check(coldStopPatience, Param.COLD_STOP_PATIENCE);
    }

    public static GenerationOptions defaults() {
        return new GenerationOptions(OptionalInt.empty(), Optional.empty(), OptionalDouble.empty(),
                OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    private static void check(OptionalDouble v, Param p) {
        v.ifPresent(x -> p.check(x, "--" + p.label()));
    }

    private static void check(OptionalInt v, Param p) {
        v.ifPresent(x -> p.check(x, "--" + p.label()));
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
