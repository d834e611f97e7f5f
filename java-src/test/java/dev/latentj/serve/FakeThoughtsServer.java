package dev.latentj.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for {@code latentj serve} while it is being built: GET / serves the real viewer.html, and
 * POST /v1/completions answers with canned responses of the shape contracts.md fixes for
 * {@code "reasoning": {"return_thoughts": true}}. Binds 127.0.0.1 on a free port; records every request body.
 */
final class FakeThoughtsServer implements AutoCloseable {
    static final int CODI_STEPS = 6, SOFT_STEPS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeThoughtsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (ex.getRequestMethod().equals("GET") && path.equals("/")) {
                try (InputStream in = FakeThoughtsServer.class.getResourceAsStream("viewer.html")) {
                    send(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
                }
            } else if (ex.getRequestMethod().equals("POST") && path.equals("/v1/completions")) {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                requests.add(body);
                send(ex, 200, "application/json", JSON.writeValueAsBytes(completion(body)));
            } else {
                send(ex, 404, "application/json", "{\"error\": {\"message\": \"not found\", \"type\": \"invalid_request_error\", \"param\": null, \"code\": null}}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    /** The contract's response for the request's mode: text, thoughts and usage. */
    static ObjectNode completion(JsonNode request) {
        String mode = request.path("reasoning").path("mode").asText();
        ObjectNode root = JSON.createObjectNode().put("id", "cmpl-fake").put("object", "text_completion")
                .put("created", 0).put("model", "fake");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ArrayNode thoughts = choice.putArray("thoughts");
        int reasoning = 0;
        switch (mode) {
            case "codi" -> {
                for (int s = 0; s < CODI_STEPS; s++) thought(thoughts, s, "latent", new String[] {" 72", "72", " 38"});
                choice.put("text", "The answer is: 38");
                reasoning = CODI_STEPS + 2; // bot + latents + eot
            }
            case "soft" -> {
                for (int s = 0; s < SOFT_STEPS; s++) {
                    thought(thoughts, s, "concept", new String[] {" 8", "*", " 9"}).put("entropy", 0.25 * (s + 1)).put("cold_stop", s);
                }
                choice.put("text", "The answer is: 38");
                reasoning = SOFT_STEPS;
            }
            default -> {
                choice.put("text", "<<8*9=72>> <<72-34=38>> The answer is: 38");
                reasoning = 12;
            }
        }
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage").put("prompt_tokens", 30).put("completion_tokens", reasoning + 6)
                .put("total_tokens", 36 + reasoning);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        return root;
    }

    /** A step whose top tokens have probabilities 0.6, 0.3, 0.1 (sorted, as the contract requires). */
    private static ObjectNode thought(ArrayNode thoughts, int step, String kind, String[] tokens) {
        ObjectNode t = thoughts.addObject().put("step", step).put("kind", kind);
        ArrayNode top = t.putArray("top");
        double[] p = {0.6, 0.3, 0.1};
        for (int i = 0; i < tokens.length; i++) top.addObject().put("id", 100 * step + i).put("token", tokens[i]).put("p", p[i]);
        return t;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
