package dev.latentj.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client of the API for tests that need streams read by hand or cut short. */
final class Client {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;

    Client(String url) {
        this.url = url;
    }

    /** One response: status, id, and per choice index its text and finish_reason (streams reassembled). */
    record Result(int status, String id, TreeMap<Integer, String> texts, TreeMap<Integer, String> finish, String body) {}

    /** {@link #call} on another thread. */
    CompletableFuture<Result> callAsync(String path, String json) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call(path, json);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    Result call(String path, String json) throws IOException, InterruptedException {
        boolean stream = JSON.readTree(json).path("stream").asBoolean(false);
        HttpResponse<InputStream> r = http.send(request(path, json), HttpResponse.BodyHandlers.ofInputStream());
        TreeMap<Integer, String> texts = new TreeMap<>();
        TreeMap<Integer, String> finish = new TreeMap<>();
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200 || !stream) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (r.statusCode() != 200) return new Result(r.statusCode(), null, texts, finish, body);
                JsonNode doc = JSON.readTree(body);
                for (JsonNode c : doc.get("choices")) {
                    int i = c.get("index").asInt();
                    texts.put(i, c.has("text") ? c.get("text").asText() : c.get("message").get("content").asText());
                    finish.put(i, c.get("finish_reason").asText());
                }
                return new Result(200, doc.get("id").asText(), texts, finish, body);
            }
            String id = null;
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> events = new ArrayList<>();
            for (String line; (line = lines.readLine()) != null; ) {
                if (!line.startsWith("data: ")) continue;
                String data = line.substring(6);
                events.add(data);
                if (data.equals("[DONE]")) break;
                JsonNode chunk = JSON.readTree(data);
                if (chunk.has("error")) return new Result(500, id, texts, finish, data);
                id = chunk.get("id").asText();
                for (JsonNode c : chunk.get("choices")) {
                    int i = c.get("index").asInt();
                    String piece = c.has("text") ? c.get("text").asText() : c.path("delta").path("content").asText("");
                    texts.merge(i, piece, String::concat);
                    if (!c.get("finish_reason").isNull()) finish.put(i, c.get("finish_reason").asText());
                }
            }
            if (!events.getLast().equals("[DONE]")) throw new IOException("the stream ended without [DONE]");
            return new Result(200, id, texts, finish, String.join("\n", events));
        }
    }

    /** Starts a streaming request, reads its first event, then hangs up. */
    void hangUpAfterFirstChunk(String path, String json) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(request(path, json), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("data: ")) break;
            }
        }
    }

    private HttpRequest request(String path, String json) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
