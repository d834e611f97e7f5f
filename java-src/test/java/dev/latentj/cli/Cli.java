package dev.latentj.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs latentj as a user does: through Main in this JVM, or as a child JVM with its own locale and options. */
final class Cli {
    private Cli() {}

    /** What a run left: its exit code and its two streams. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Main.run with System.out/err captured (UTF-8), as bin/latentj would print them. */
    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A child JVM on this test's class path running {@code main} with {@code args}. */
    static ProcessBuilder java(Map<String, String> env, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
        String shared = System.getProperty("latentj.shared");
        if (shared != null) cmd.add("-Dlatentj.shared=" + shared);
        cmd.addAll(jvmOptions);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs the CLI in a child JVM, feeds it {@code stdin}, and waits (two minutes at most) for its end. */
    static Result process(Map<String, String> env, List<String> jvmOptions, byte[] stdin, String... args) throws IOException {
        Process p = java(env, jvmOptions, Main.class, args).start();
        CompletableFuture<byte[]> out = drain(p.getInputStream()), err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("latentj " + String.join(" ", args) + " did not end within two minutes");
            }
            return new Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            throw new IOException(e);
        }
    }

    static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }
}
