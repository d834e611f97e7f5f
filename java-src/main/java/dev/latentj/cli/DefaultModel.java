package dev.latentj.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default model, models/codi-gpt2-tiny-q8_0.gguf of the installation: found through
 * -Dlatentj.home (set by bin/latentj), else next to the jar (target/../models), else ./models.
 */
public final class DefaultModel {
    public static final String FILE_NAME = "codi-gpt2-tiny-q8_0.gguf";

    private DefaultModel() {}

    public static Path path() {
        String home = System.getProperty("latentj.home");
        if (home != null) return Path.of(home, "models", FILE_NAME);
        try {
            Path jar = Path.of(DefaultModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent().getParent().resolve("models").resolve(FILE_NAME);
            if (Files.exists(candidate)) return candidate;
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working directory
        }
        return Path.of("models", FILE_NAME);
    }
}
