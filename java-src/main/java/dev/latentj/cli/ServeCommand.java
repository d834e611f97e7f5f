package dev.latentj.cli;

import dev.latentj.engine.Model;
import dev.latentj.serve.ApiServer;
import dev.latentj.serve.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code latentj serve}: the OpenAI-compatible HTTP server (docs/serve.md). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over an OpenAI-compatible HTTP API (docs/serve.md): POST /v1/completions, "
                + "POST /v1/chat/completions, GET /v1/models, GET /health, GET /metrics (Prometheus), GET / (the thoughts "
                + "viewer). Chat uses the GGUF's chat template (ChatML, Llama 3, Qwen3 families); a model without one "
                + "gets \"role: content\" lines, then \"assistant:\". A request picks its mode with \"reasoning\": "
                + "{\"mode\": codi|cot|soft|generate}; without it a CODI model runs codi, any other model plain "
                + "generation. Running requests of every mode are decoded together, one batch per step. SIGTERM or "
                + "Ctrl-C cancels what runs, answers it, frees the model and exits 0. With --rpc, a lost RPC server fails "
                + "every request and the server exits 1.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "sequence slots: choices decoded together; more wait in the queue (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--ctx", paramLabel = "N", defaultValue = "0",
            description = "positions per slot; prompt, reasoning and max_tokens must fit (default: ${DEFAULT-VALUE})")
    int ctx;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
            description = "most rows per engine step: each running sequence's row, then prompt chunks in the rest (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "require Authorization: Bearer KEY on every route but /health (default: $LATENTJ_API_KEY, else none)")
    String apiKey;

    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "64",
            description = "requests that may wait for a slot; more get 503 with Retry-After (default: ${DEFAULT-VALUE})")
    int maxQueue;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "600",
            description = "time limit per request in seconds; its choices then end with finish_reason cancelled (default: ${DEFAULT-VALUE})")
    double timeout;

    @Override
    public Integer call() throws Exception {
        String key = apiKey != null ? apiKey : System.getenv("LATENTJ_API_KEY");
        ServeOptions options = new ServeOptions(host, port, parallel, ctx, batch, key, maxQueue, Duration.ofMillis((long) (timeout * 1000)));
        // Javalin and Jetty log through slf4j-simple: their start-up chatter is noise next to the request log
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and SIGINT end the server cleanly and exit 0, not the JVM's 143 / 130
        for (String name : new String[] {"TERM", "INT"}) Signal.handle(new Signal(name), s -> stop.countDown());
        try (Model m = model.load(); ApiServer server = new ApiServer(m, model.path().getFileName().toString(), options, System.err)) {
            server.start();
            System.err.printf("latentj serve: %s on http://%s:%d (%d slots%s)%n", server.modelId(), host, server.port(), parallel,
                    key != null ? ", API key required" : "");
            server.modelLost().thenRun(stop::countDown);
            stop.await();
            if (server.modelLost().isDone()) throw server.modelLost().join(); // exit 1 with the one-line error
            System.err.println("latentj serve: stopping");
        }
        return 0;
    }
}
