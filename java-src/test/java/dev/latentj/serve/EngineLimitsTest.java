package dev.latentj.serve;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompts longer than a step's row budget are prefilled in chunks; the time limit cancels a request. */
class EngineLimitsTest {
    private static final String LONG = "Question: " + "Tom walks to the market, buys 3 apples and walks home. ".repeat(11)
            + "How many apples did Tom buy in all?";

    private static ServeOptions options(int parallel, int batch, Duration limit) {
        return new ServeOptions("127.0.0.1", 0, parallel, 0, batch, null, 8, limit);
    }

    @Test
    void aLongPromptPrefilledInChunksGivesTheSameAnswer() throws Exception {
        String[] bodies = {
                "{\"prompt\": \"" + LONG + "\"}",
                "{\"prompt\": \"" + LONG + "\", \"reasoning\": {\"mode\": \"cot\"}, \"max_tokens\": 30}",
                "{\"prompt\": \"" + LONG + "\", \"reasoning\": {\"mode\": \"soft\"}, \"max_tokens\": 10, \"seed\": 4}"};
        String[] whole = new String[bodies.length];
        try (TestServer s = TestServer.start(options(2, 256, Duration.ofMinutes(2)))) {
            for (int i = 0; i < bodies.length; i++) whole[i] = new Client(s.url()).call("/v1/completions", bodies[i]).texts().get(0);
        }
        try (TestServer s = TestServer.start(options(2, 16, Duration.ofMinutes(2)))) {
            Client c = new Client(s.url());
            Client.Result prompt = c.call("/v1/completions", "{\"prompt\": \"" + LONG + "\", \"max_tokens\": 1, \"reasoning\": {\"mode\": \"generate\"}}");
            int promptTokens = Integer.parseInt(s.log().getLast().replaceAll(".* prompt=(\\d+) .*", "$1"));
            assertTrue(promptTokens > 8 * 16, "a prompt of " + promptTokens + " tokens takes several steps of 16 rows: " + prompt.body());
            for (int i = 0; i < bodies.length; i++) {
                // a short request runs beside the long prompt's chunks
                String body = bodies[i];
                CompletableFuture<Client.Result> beside = CompletableFuture.supplyAsync(() -> call(c, "{\"prompt\": \"2+2?\", \"max_tokens\": 6, \"reasoning\": {\"mode\": \"cot\"}}"));
                assertEquals(whole[i], c.call("/v1/completions", body).texts().get(0), body);
                assertEquals(200, beside.get().status());
            }
        }
    }

    @Test
    void theTimeLimitEndsARequestAsCancelled() throws Exception {
        try (TestServer s = TestServer.start(options(1, 256, Duration.ofMillis(5)))) {
            Client.Result r = new Client(s.url()).call("/v1/completions",
                    "{\"prompt\": \"Once upon a time\", \"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 240}");
            assertEquals(200, r.status(), r.body());
            assertEquals("cancelled", r.finish().get(0));
            assertTrue(s.log().getLast().contains("cancel=time_limit"), s.log().getLast());
        }
    }

    private static Client.Result call(Client c, String body) {
        try {
            return c.call("/v1/completions", body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
