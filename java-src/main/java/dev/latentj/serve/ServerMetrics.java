package dev.latentj.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;

/** The series of GET /metrics, in a registry of this server's own (several servers can share a JVM). */
final class ServerMetrics {
    private static final double[] STEP_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final double[] TTFT_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("latentj_requests_total")
            .help("requests by reasoning mode and HTTP status (499: the client left)").labelNames("mode", "status").register(registry);
    private final Counter promptTokens = counter("latentj_prompt_tokens_total", "prompt tokens read");
    private final Counter generatedTokens = counter("latentj_generated_tokens_total", "completion tokens, reasoning included");
    private final Counter reasoningTokens = counter("latentj_reasoning_tokens_total",
            "reasoning positions (CODI: bot, latents, eot; CoT and Soft Thinking: thinking tokens)");
    private final Gauge queueDepth = Gauge.builder().name("latentj_queue_depth").help("requests waiting for a slot").register(registry);
    private final Gauge activeSlots = Gauge.builder().name("latentj_active_slots").help("sequence slots in use").register(registry);
    private final Histogram stepSeconds = Histogram.builder().name("latentj_step_seconds")
            .help("duration of one engine step (one batched decode and the latent steps)").classicOnly()
            .classicUpperBounds(STEP_BOUNDS).register(registry);
    private final Histogram ttftSeconds = Histogram.builder().name("latentj_time_to_first_token_seconds")
            .help("from a request's arrival to its first generated token").classicOnly().classicUpperBounds(TTFT_BOUNDS)
            .labelNames("mode").register(registry);

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("mode").register(registry);
    }

    void request(String mode, int status, int prompt, int completion, int reasoning) {
        requests.labelValues(mode, Integer.toString(status)).inc();
        promptTokens.labelValues(mode).inc(prompt);
        generatedTokens.labelValues(mode).inc(completion);
        reasoningTokens.labelValues(mode).inc(reasoning);
    }

    void firstToken(String mode, double seconds) {
        ttftSeconds.labelValues(mode).observe(seconds);
    }

    void step(double seconds) {
        stepSeconds.observe(seconds);
    }

    void queueDepth(int n) {
        queueDepth.set(n);
    }

    void activeSlots(int n) {
        activeSlots.set(n);
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
