package dev.latentj.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj serve --port 0 ARGS` as a child JVM, its output (stdout and stderr) in a file, for process-level tests. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("latentj serve: .* on http://127\\.0\\.0\\.1:(\\d+) ");
    final Process process;
    final int port;
    private final Path log;

    private ServeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server and waits (up to a minute) for its listening line. */
    static ServeProcess start(Path dir, String... args) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Path log = dir.resolve("serve.log");
        List<String> command = new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.latentj.cli.Main", "serve", "--port", "0"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int port = -1;
        for (int i = 0; i < 1200 && port < 0 && p.isAlive(); i++) {
            Thread.sleep(50);
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) port = Integer.parseInt(m.group(1));
        }
        if (port < 0) p.destroyForcibly();
        assertTrue(port > 0, "no listening line in " + Files.readString(log));
        return new ServeProcess(p, port, log);
    }

    Client client() {
        return new Client("http://127.0.0.1:" + port);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits (up to 30 s) until a request runs, that is, a slot is taken. */
    void awaitRunning() throws InterruptedException {
        for (int i = 0; i < 600 && metric("latentj_active_slots") == 0; i++) Thread.sleep(50);
    }

    /** A Prometheus sample's value; 0 when absent or when the server does not answer. */
    double metric(String name) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
