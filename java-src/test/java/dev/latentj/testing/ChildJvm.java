package dev.latentj.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs a main class of the test class path in a fresh JVM: for what holds once per process (backends, warnings). */
public final class ChildJvm {
    private ChildJvm() {}

    /** The child's standard output; a non-zero exit or a run past two minutes fails the test, with its stderr. */
    public static String run(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(main.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("latentj-child", ".out");
        Path err = Files.createTempFile("latentj-child", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(main.getSimpleName() + " ran past two minutes");
            }
            if (p.exitValue() != 0) {
                fail(main.getSimpleName() + " " + jvmOptions + " exited with " + p.exitValue() + ":\n" + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
