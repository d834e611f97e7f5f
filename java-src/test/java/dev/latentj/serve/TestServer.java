package dev.latentj.serve;

import dev.latentj.cli.DefaultModel;
import dev.latentj.engine.Model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server on the embedded model, on 127.0.0.1 and a free port, with its request log kept for assertions. */
final class TestServer implements AutoCloseable {
    final Model model;
    final ApiServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(ServeOptions options) throws IOException {
        this.model = Model.load(DefaultModel.path());
        try {
            this.server = new ApiServer(model, "codi-gpt2-tiny", options, new PrintStream(log, true, StandardCharsets.UTF_8)).start();
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static TestServer start(int parallel, int maxQueue, String apiKey) throws IOException {
        return start(new ServeOptions("127.0.0.1", 0, parallel, 0, 256, apiKey, maxQueue, Duration.ofMinutes(2)));
    }

    static TestServer start(ServeOptions options) throws IOException {
        return new TestServer(options);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    synchronized List<String> log() {
        return log.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** A raw POST (for requests an SDK would not send). */
    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofMinutes(1)).GET();
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a Prometheus sample, e.g. {@code latentj_active_slots} or {@code latentj_requests_total{mode="codi",status="200"}}; 0 when absent. */
    double metric(String sample) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Override
    public void close() {
        server.close();
        model.close();
    }
}
