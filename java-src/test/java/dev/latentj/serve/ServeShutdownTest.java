package dev.latentj.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj serve` as a process: SIGTERM answers what is running as cancelled, and the process exits 0. */
class ServeShutdownTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermCancelsWhatRunsAndExitsZero() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Path log = tmp.resolve("serve.log");
        Process p = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.latentj.cli.Main", "serve", "--port", "0", "--parallel", "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = -1;
            Pattern listening = Pattern.compile("latentj serve: .* on http://127\\.0\\.0\\.1:(\\d+) ");
            for (int i = 0; i < 1200 && port < 0 && p.isAlive(); i++) {
                Thread.sleep(50);
                Matcher m = listening.matcher(Files.readString(log));
                if (m.find()) port = Integer.parseInt(m.group(1));
            }
            assertTrue(port > 0, "no listening line in " + Files.readString(log));

            Client client = new Client("http://127.0.0.1:" + port);
            CompletableFuture<Client.Result> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.call("/v1/completions", "{\"prompt\": \"Once upon a time\", \"stream\": true, "
                            + "\"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 250}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // stop once the request is running: its first tokens are out
            for (int i = 0; i < 600 && !running.isDone(); i++) {
                Thread.sleep(50);
                if (new TestHttp(port).metric("latentj_active_slots") > 0) break;
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
            String output = Files.readString(log);
            assertEquals(0, p.exitValue(), output);
            Client.Result r = running.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.status(), r.body());
            assertEquals("cancelled", r.finish().get(0), "the running request is answered, as cancelled");
            assertTrue(output.contains("latentj serve: stopping") && output.contains("finish=cancelled cancel=shutdown"), output);
        } finally {
            p.destroyForcibly();
        }
    }

    /** GET /metrics of a server that is not a TestServer. */
    private record TestHttp(int port) {
        double metric(String name) {
            try {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(body);
                return m.find() ? Double.parseDouble(m.group(1)) : 0;
            } catch (Exception e) {
                return 0;
            }
        }
    }
}
