package dev.latentj.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Locates the reference data in {@code ../shared} (large fixtures are read from there, not copied).
 * Outside CI a missing fixture skips the test and says so; in CI ({@code CI=true}) it fails.
 */
public final class Fixtures {
    private Fixtures() {}

    public static Path sharedRoot() {
        String prop = System.getProperty("latentj.shared");
        return Path.of(prop != null ? prop : "../shared").toAbsolutePath().normalize();
    }

    /** A path under shared/, required to exist. */
    public static Path shared(String relative) {
        return require(sharedRoot().resolve(relative));
    }

    public static Path fixture(String name) {
        return shared("fixtures/" + name);
    }

    public static Path require(Path p) {
        if (!Files.exists(p)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("required fixture missing in CI: " + p);
            }
            assumeTrue(false, "skipped: optional fixture absent outside CI: " + p);
        }
        return p;
    }
}
