package dev.latentj.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj serve` as a process: SIGTERM answers what is running as cancelled, and the process exits 0. */
class ServeShutdownTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermCancelsWhatRunsAndExitsZero() throws Exception {
        try (ServeProcess serve = ServeProcess.start(tmp, "--parallel", "2")) {
            Client client = serve.client();
            CompletableFuture<Client.Result> running = client.callAsync("/v1/completions", "{\"prompt\": \"Once upon a time\", \"stream\": true, "
                    + "\"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 250}");
            serve.awaitRunning(); // stop once the request is running: its first tokens are out
            serve.process.destroy(); // SIGTERM
            assertTrue(serve.process.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
            String output = serve.output();
            assertEquals(0, serve.process.exitValue(), output);
            Client.Result r = running.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.status(), r.body());
            assertEquals("cancelled", r.finish().get(0), "the running request is answered, as cancelled");
            assertTrue(output.contains("latentj serve: stopping") && output.contains("finish=cancelled cancel=shutdown"), output);
        }
    }
}
