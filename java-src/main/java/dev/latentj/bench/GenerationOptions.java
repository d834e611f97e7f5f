package dev.latentj.bench;

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
        require(maxTokens.orElse(1) >= 1, "--max-tokens must be at least 1");
        require(thinkEnd.map(t -> !t.isEmpty()).orElse(true), "--think-end must not be empty");
        require(temperature.orElse(1) >= 0, "--temperature must be >= 0");
        require(topK.orElse(0) >= 0, "--top-k must be >= 0 (0: off)");
        require(inRange(topP, 0, 1) && topP.orElse(1) > 0, "--top-p must be in (0, 1]");
        require(inRange(minP, 0, 1), "--min-p must be in [0, 1]");
        require(gamma.orElse(1) > 0, "--gamma must be > 0");
        require(gumbelTau.orElse(1) > 0, "--gumbel-tau must be > 0");
        require(coldStopEntropy.orElse(0) >= 0, "--cold-stop-entropy must be >= 0");
        require(coldStopPatience.orElse(1) >= 1, "--cold-stop-patience must be at least 1");
    }

    public static GenerationOptions defaults() {
        return new GenerationOptions(OptionalInt.empty(), Optional.empty(), OptionalDouble.empty(),
                OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    private static boolean inRange(OptionalDouble v, double lo, double hi) {
        return v.isEmpty() || (v.getAsDouble() >= lo && v.getAsDouble() <= hi);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
