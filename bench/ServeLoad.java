// Load test of an OpenAI-compatible server (latentj serve, llama.cpp's llama-server): streamed /v1/completions from
// N concurrent clients; reports requests/s, p50/p95 time to first token, the mean time per token after the first
// (one streamed chunk per token), and generated tokens/s. Only the JDK is needed:
//
//   java bench/ServeLoad.java --url http://127.0.0.1:8080 --mode codi|cot|soft|generate|plain \
//        [--clients 1,8,32] [--requests 8,32,64] [--max-tokens 32] [--label NAME]
//
// --mode plain sends no "reasoning" object (for llama-server); generate sends {"mode": "generate"}: both greedy
// token decoding. Prints one Markdown table row per client count.

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public class ServeLoad {
    record Sample(double ttftMs, double perTokenMs, int chunks, double totalMs) {}

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080", mode = "generate", label = null;
        String[] clients = {"1", "8", "32"}, requests = {"8", "32", "64"};
        int maxTokens = 32;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--mode" -> mode = args[i + 1];
                case "--clients" -> clients = args[i + 1].split(",");
                case "--requests" -> requests = args[i + 1].split(",");
                case "--max-tokens" -> maxTokens = Integer.parseInt(args[i + 1]);
                case "--label" -> label = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        System.out.println("| server / mode | clients | requests | req/s | TTFT p50 ms | TTFT p95 ms | ms/token | tokens/s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        run(http, url, mode, 1, 2, maxTokens); // warm-up, not reported
        for (int k = 0; k < clients.length; k++) {
            int c = Integer.parseInt(clients[k]);
            int n = Integer.parseInt(requests[Math.min(k, requests.length - 1)]);
            long t0 = System.nanoTime();
            List<Sample> s = run(http, url, mode, c, n, maxTokens);
            double wall = (System.nanoTime() - t0) / 1e9;
            List<Double> ttft = new ArrayList<>(s.stream().map(Sample::ttftMs).toList());
            Collections.sort(ttft);
            double perToken = s.stream().filter(x -> x.chunks() > 1).mapToDouble(Sample::perTokenMs).average().orElse(Double.NaN);
            int tokens = s.stream().mapToInt(Sample::chunks).sum();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f | %.0f | %.1f | %.1f |%n", label != null ? label : mode, c, n,
                    n / wall, pct(ttft, 0.50), pct(ttft, 0.95), perToken, tokens / wall);
        }
    }

    static double pct(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static List<Sample> run(HttpClient http, String url, String mode, int clients, int requests, int maxTokens) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Sample> out = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests; ) out.add(one(http, url, mode, i, maxTokens));
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
        return out;
    }

    static Sample one(HttpClient http, String url, String mode, int i, int maxTokens) throws Exception {
        String q = "Question: A farmer has " + (3 + i % 40) + " cows and buys " + (2 + i % 7) + " more. Then " + (1 + i % 3)
                + " run away. How many cows are left?";
        String reasoning = switch (mode) {
            case "plain" -> "";
            case "soft" -> ", \"reasoning\": {\"mode\": \"soft\", \"max_thinking\": 64}, \"seed\": " + i;
            default -> ", \"reasoning\": {\"mode\": \"" + mode + "\"}";
        };
        String temperature = mode.equals("soft") ? "" : ", \"temperature\": 0";
        String body = "{\"prompt\": \"" + q + "\", \"max_tokens\": " + maxTokens + ", \"stream\": true" + temperature + reasoning + "}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.IOException e) {
            // a pooled keep-alive connection the server had closed (llama-server's httplib does): once more, afresh
            t0 = System.nanoTime();
            r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        }
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body().readAllBytes()));
        long first = 0, last = 0;
        int chunks = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("data: ")) continue;
                if (line.equals("data: [DONE]")) break;
                // a chunk with text: "text":"..." not empty
                if (line.contains("\"text\":\"") && !line.contains("\"text\":\"\"")) {
                    long now = System.nanoTime();
                    if (first == 0) first = now;
                    last = now;
                    chunks++;
                }
            }
        }
        long end = System.nanoTime();
        double ttft = ((first != 0 ? first : end) - t0) / 1e6;
        double perToken = chunks > 1 ? (last - first) / 1e6 / (chunks - 1) : Double.NaN;
        return new Sample(ttft, perToken, chunks, (end - t0) / 1e6);
    }
}
