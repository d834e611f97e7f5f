package dev.latentj.serve;

import dev.latentj.testing.RpcServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `latentj serve --rpc` whose RPC server dies mid-request (issue 16): the running request fails with the loss, and
 * the process exits 1 with a one-line error rather than hanging or serving a model it no longer has.
 */
class ServeRpcLossTest {
    @TempDir
    Path tmp;

    @Test
    void aLostServerFailsTheRequestAndTheServerExitsOne() throws Exception {
        try (RpcServerProcess rpc = RpcServerProcess.start()) {
            String javaBin = ProcessHandle.current().info().command().orElseThrow();
            Path log = tmp.resolve("serve.log");
            Process p = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "dev.latentj.cli.Main", "serve", "--port", "0", "--parallel", "2", "--threads", "1",
                    "--rpc", rpc.endpoint(), "--tensor-split", "1,1", "--rpc-timeout", "10")
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
                assertTrue(Files.readString(log).contains("rpc: layers 0-1 on RPC0[" + rpc.endpoint() + "]"), Files.readString(log));

                Client client = new Client("http://127.0.0.1:" + port);
                CompletableFuture<Client.Result> running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.call("/v1/completions", "{\"prompt\": \"Once upon a time\", \"stream\": true, "
                                + "\"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 250}");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                int finalPort = port;
                for (int i = 0; i < 600 && !running.isDone() && activeSlots(finalPort) == 0; i++) Thread.sleep(50);
                rpc.kill();

                Client.Result r = running.get(60, TimeUnit.SECONDS);
                assertNotEquals(200, r.status(), "the running request fails: " + r.body());
                assertTrue(r.body().contains("lost RPC server " + rpc.endpoint()), r.body());
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after its model was lost");
                String output = Files.readString(log);
                assertEquals(1, p.exitValue(), output);
                assertTrue(output.lines().anyMatch(l -> l.startsWith("error: lost RPC server " + rpc.endpoint())), output);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static double activeSlots(int port) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("^latentj_active_slots (\\S+)$", Pattern.MULTILINE).matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
