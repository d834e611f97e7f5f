package dev.latentj.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Chromium (Debian's {@code chromium}, which .ci/run installs) for the page tests: the DOM after the
 * page's scripts ran, and screenshots. Absent outside CI, a test skips with one line; in CI
 * ({@code CI=true}) it fails.
 */
public final class Chromium {
    private static final long TIMEOUT_S = 90;

    private final Path binary;
    private final Path profile;

    private Chromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /** The browser on PATH, with a fresh profile under {@code scratch}; skips or fails the test when absent. */
    public static Chromium require(Path scratch) throws IOException {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) return new Chromium(p, Files.createDirectories(scratch.resolve("chromium-profile")));
            }
        }
        if ("true".equals(System.getenv("CI"))) fail("chromium is required in CI (.ci/run installs it)");
        assumeTrue(false, "skipped: no chromium on PATH (apt-get install chromium)");
        throw new AssertionError("unreachable");
    }

    /**
     * The DOM after the page ran its scripts. {@code virtualTimeMs} lets timers and fetches settle first
     * (Chromium advances virtual time only while the page is idle, so a pending fetch holds it).
     */
    public String dumpDom(URI page, int virtualTimeMs) throws IOException, InterruptedException {
        return run("--virtual-time-budget=" + virtualTimeMs, "--dump-dom", page.toString());
    }

    /** A PNG of the page's first {@code width x height} pixels. */
    public void screenshot(URI page, Path png, int width, int height, int virtualTimeMs) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run("--virtual-time-budget=" + virtualTimeMs, "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), page.toString());
        assertTrue(Files.size(png) > 1000, "screenshot written: " + png);
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        // output to files, so a hung browser cannot block a read and the timeout below always applies
        Path out = Files.createTempFile(profile, "stdout", ".txt");
        Path err = Files.createTempFile(profile, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in " + TIMEOUT_S + " s: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            fail("chromium exited " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8).strip());
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
