package dev.latentj.serve;

import java.time.Duration;

/**
 * How {@code latentj serve} runs.
 *
 * @param host      the address to bind (127.0.0.1 unless told otherwise)
 * @param port      0 picks a free port
 * @param parallel  sequence slots: requests (choices) decoded together
 * @param context   positions per slot; 0: the model's training context, at most 4096
 * @param batch     the most rows one engine step decodes: every running sequence's row, then prompt chunks in what
 *                  is left, so a long prompt is prefilled over several steps without stalling the others
 * @param apiKey    required as {@code Authorization: Bearer KEY} on every route but /health; null: none
 * @param maxQueue  requests that may wait for a slot; more get 503
 * @param timeLimit per request, from its arrival; its choices then end as cancelled
 */
public record ServeOptions(String host, int port, int parallel, int context, int batch, String apiKey, int maxQueue,
                           Duration timeLimit) {

    public ServeOptions {
        if (parallel < 1 || parallel > 256) throw new IllegalArgumentException("--parallel must be in [1, 256], got " + parallel);
        if (context < 0) throw new IllegalArgumentException("--ctx must be >= 0, got " + context);
        if (batch < 2 * parallel) throw new IllegalArgumentException("--batch must be at least twice --parallel, got " + batch);
        if (maxQueue < 0) throw new IllegalArgumentException("--max-queue must be >= 0, got " + maxQueue);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("--timeout must be positive");
        if (apiKey != null && apiKey.isEmpty()) apiKey = null;
    }

    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 8080, 4, 0, 256, null, 64, Duration.ofMinutes(10));
    }
}
