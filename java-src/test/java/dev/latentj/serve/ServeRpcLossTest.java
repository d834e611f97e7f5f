package dev.latentj.serve;

import dev.latentj.testing.RpcServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        try (RpcServerProcess rpc = RpcServerProcess.start();
             ServeProcess serve = ServeProcess.start(tmp, "--parallel", "2", "--threads", "1",
                     "--rpc", rpc.endpoint(), "--tensor-split", "1,1", "--rpc-timeout", "10")) {
            assertTrue(serve.output().contains("rpc: layers 0-1 on RPC0[" + rpc.endpoint() + "]"), serve.output());
            Client client = serve.client();
            CompletableFuture<Client.Result> running = client.callAsync("/v1/completions", "{\"prompt\": \"Once upon a time\", \"stream\": true, "
                    + "\"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 250}");
            serve.awaitRunning();
            rpc.kill();

            Client.Result r = running.get(60, TimeUnit.SECONDS);
            assertNotEquals(200, r.status(), "the running request fails: " + r.body());
            assertTrue(r.body().contains("lost RPC server " + rpc.endpoint()), r.body());
            assertTrue(serve.process.waitFor(60, TimeUnit.SECONDS), "still running after its model was lost");
            String output = serve.output();
            assertEquals(1, serve.process.exitValue(), output);
            assertTrue(output.lines().anyMatch(l -> l.startsWith("error: lost RPC server " + rpc.endpoint())), output);
        }
    }
}
