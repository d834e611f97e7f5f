package dev.latentj.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests no SDK would send: each gets OpenAI's error object with the right status and never a stack trace, and
 * the server keeps answering. A full queue is 503 with Retry-After; a client that hangs up on a non-streaming
 * request has its sequence cancelled.
 */
class HostileRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(2, 2, null);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Status and the error object's fields; the body holds no stack trace. */
    private static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertFalse(r.body().contains("\tat ") || r.body().contains("Exception") || r.body().contains(".java"), r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertNotNull(e, r.body());
        for (String f : new String[] {"message", "type", "param", "code"}) assertTrue(e.has(f), f + " missing in " + r.body());
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "{", "null", "[]", "{\"prompt\": \"a\"}}", "{\"prompt\": \"a\", \"prompt\": \"b\"}",
            "{\"prompt\": [99999999]}", "{\"prompt\": [-1]}", "{\"prompt\": [[]]}", "{\"prompt\": \"a\", \"max_tokens\": 1e12}",
            "{\"prompt\": \"a\", \"max_tokens\": 100000}", "{\"prompt\": \"a\", \"n\": 1000}", "{\"prompt\": \"a\", \"temperature\": -1}",
            "{\"prompt\": \"a\", \"reasoning\": {\"mode\": \"codi\", \"max_topk\": 0}}", "{\"prompt\": \"a\", \"reasoning\": {\"mode\": \"soft\", \"think_end\": \"\"}}",
            "{\"prompt\": \"a\", \"reasoning\": {\"mode\": \"soft\", \"gamma\": 0, \"noise\": \"dirichlet\"}}",
            "{\"prompt\": \"a\", \"reasoning\": {\"mode\": \"soft\", \"max_thinking\": 0}}",
            "{\"prompt\": \"a\", \"reasoning\": {\"mode\": \"tree\"}}",
            "{\"prompt\": \"a\", \"reasoning\": {\"mode\": \"soft\", \"noise\": \"pink\"}}",
            "{\"prompt\": \"a\", \"reasoning\": {\"mode\": \"codi\"}, \"top_k\": 5}",
            "{\"prompt\": \"a\", \"stream_options\": 3}"})
    void malformedOrOutOfRangeIs400(String body) throws Exception {
        JsonNode e = error(server.post("/v1/completions", body), 400);
        assertEquals("invalid_request_error", e.get("type").asText());
    }

    @Test
    void invalidUtf8AndDeepNestingAre400() throws Exception {
        byte[] bad = "{\"prompt\": \"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(400, raw("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + bad.length + "\r\nConnection: close\r\n\r\n", bad).status);
        error(server.post("/v1/completions", "{\"prompt\": " + "[".repeat(5000) + "]".repeat(5000) + "}"), 400);
        error(server.post("/v1/chat/completions", "{\"messages\": [{\"content\": \"hi\"}]}"), 400);
    }

    @Test
    void bodiesOverOneMegabyteAre413() throws Exception {
        String big = "{\"prompt\": \"" + "a".repeat((int) ApiServer.MAX_BODY) + "\"}";
        error(server.post("/v1/completions", big), 413);
    }

    @Test
    void unknownRoutesAre404() throws Exception {
        error(server.get("/v1/engines"), 404);
        assertTrue(server.get("/v1/completions").statusCode() / 100 == 4);
    }

    @Test
    void randomBytesNeverCrashTheServer() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            int status = raw("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + b.length
                    + "\r\nConnection: close\r\n\r\n", b).status;
            assertEquals(400, status, "random body " + i);
        }
        assertEquals(200, server.get("/health").statusCode());
        assertEquals(200, server.post("/v1/completions", "{\"prompt\": \"2+2?\", \"max_tokens\": 4}").statusCode());
    }

    @Test
    void aFullQueueIs503WithRetryAfter() throws Exception {
        // 2 slots and room for 2 more: of 16 long requests sent at once, the rest are turned away
        String longRun = "{\"prompt\": \"Once upon a time\", \"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 150}";
        List<HttpResponse<String>> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) fs.add(pool.submit(() -> server.post("/v1/completions", longRun)));
            for (Future<HttpResponse<String>> f : fs) all.add(f.get(5, TimeUnit.MINUTES));
        }
        long busy = 0;
        for (HttpResponse<String> r : all) {
            if (r.statusCode() == 200) continue;
            busy++;
            assertEquals("server_overloaded", error(r, 503).get("code").asText());
            assertTrue(r.headers().firstValue("Retry-After").isPresent(), r.headers().toString());
        }
        assertTrue(busy >= 1 && busy <= 12, busy + " of 16 turned away");
    }

    @Test
    void aClientThatHangsUpBeforeItsAnswerIsCancelled() throws Exception {
        long before = server.log().stream().filter(l -> l.contains(" status=499 ")).count();
        byte[] body = "{\"prompt\": \"Once upon a time\", \"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 200}".getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            for (int i = 0; i < 600 && server.metric("latentj_active_slots") == 0; i++) Thread.sleep(20);
        } // hangs up without reading
        List<String> gone = List.of();
        for (int i = 0; i < 600 && gone.size() <= before; i++) {
            Thread.sleep(50);
            gone = server.log().stream().filter(l -> l.contains(" status=499 ")).toList();
        }
        String line = gone.getLast();
        assertTrue(line.contains("finish=cancelled cancel=client_gone"), line);
        assertTrue(Integer.parseInt(line.replaceAll(".* completion=(\\d+) .*", "$1")) < 200, line);
    }

    private record Raw(int status, String body) {}

    /** Sends bytes over a socket, for bodies an HTTP client library would not send. */
    private static Raw raw(String head, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(response.contains("\tat ") || response.contains("Exception"), response);
            return new Raw(Integer.parseInt(response.split(" ", 3)[1]), response);
        }
    }
}
