package dev.latentj.serve;

import dev.latentj.params.Param;

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
        Param.PARALLEL.check(parallel, "--parallel");
        Param.CTX.check(context, "--ctx");
        Param.BATCH.check(batch, "--batch");
        if (batch < 2 * parallel) throw new IllegalArgumentException("--batch must be at least twice --parallel, got " + batch);
        Param.MAX_QUEUE.check(maxQueue, "--max-queue");
        Param.PORT.check(port, "--port");
        if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("--timeout must be positive");
        if (apiKey != null && apiKey.isEmpty()) apiKey = null;
    }

    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 8080, 4, 0, 256, null, 64, Duration.ofMinutes(10));
    }
}
