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

    /** What a child JVM printed and how it exited. */
    public record Result(int exit, String out, String err) {}

    /** The child's standard output; a non-zero exit or a run past two minutes fails the test, with its stderr. */
    public static String run(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Result r = exec(main, jvmOptions, args);
        if (r.exit() != 0) fail(main.getSimpleName() + " " + jvmOptions + " exited with " + r.exit() + ":\n" + r.err());
        return r.out();
    }

    /** Runs {@code main} with these JVM options and arguments; a run past two minutes fails the test. */
    public static Result exec(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
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
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
