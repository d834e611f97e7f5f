package dev.latentj.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.engine.Model;
import dev.latentj.engine.RpcServerLostException;
import dev.latentj.engine.Session;
import dev.latentj.gguf.GgufException;
import dev.latentj.reason.Reasoner;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI-compatible HTTP server: routes, API key, errors as OpenAI error objects, and the engine behind them.
 * Handlers run on virtual threads; the engine has its own thread and the model's one session.
 *
 * <p>Routes: GET / (the thoughts viewer), GET /health, GET /v1/models, POST /v1/completions,
 * POST /v1/chat/completions, GET /metrics. With an API key, all but /health need {@code Authorization: Bearer KEY}.
 */
public final class ApiServer implements AutoCloseable {
    /** Request bodies above this get 413. */
    public static final long MAX_BODY = 1 << 20;
    private static final String VIEWER = "/dev/latentj/serve/viewer.html";
    private static final long STOP_GRACE_MS = 5_000;

    private final String modelId;
    private final long created = System.currentTimeMillis() / 1000;
    private final byte[] keyHash;
    private final Session session;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Engine engine;
    private final ClientWatch watch;
    private final CompletionHandler completions;
    private final Javalin app;
    private final ServeOptions options;
    private final PrintStream log;
    private boolean closed;

    /** A server on a loaded model, which the caller keeps and closes after this server. */
    public ApiServer(Model model, String modelId, ServeOptions options, PrintStream log) throws GgufException, IOException {
        this.options = options;
        this.log = log;
        this.modelId = modelId;
        this.keyHash = options.apiKey() != null ? sha256(options.apiKey()) : null;
        int train = model.config().nCtxTrain();
        int context = options.context() > 0 ? options.context() : Math.min(train, 4096);
        if (context > train) throw new IllegalArgumentException("--ctx " + context + " exceeds the model's context of " + train);
        Reasoner reasoner = new Reasoner(model, true);
        String template = model.file().metadata().has("tokenizer.chat_template")
                ? model.file().metadata().getStringOrDefault("tokenizer.chat_template", null) : null;
        ChatTemplate chat = ChatTemplate.detect(template);
        this.session = model.newSession(new Session.Options(options.parallel(), context, options.batch(), -1));
        this.engine = new Engine(session, options.parallel(), options.batch(), options.maxQueue(), metrics);
        this.watch = new ClientWatch();
        CompletionPlanner planner = new CompletionPlanner(reasoner, chat, context, options.timeLimit().toNanos());
        this.completions = new CompletionHandler(planner, engine, watch, metrics, modelId, log);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY;
            // SSE must reach the client as written, never held back by a compressing stream
            config.http.compressionStrategy = CompressionStrategy.NONE;
            // on stop, let responses of the just-cancelled requests be written before connections close
            config.jetty.modifyServer(server -> server.setStopTimeout(STOP_GRACE_MS));
            config.routes.before(this::authorize);
            config.routes.get("/", this::viewer);
            config.routes.get("/health", ctx -> {
                if (engine.modelLost().isDone()) json(ctx, 503, JsonNodeFactory.instance.objectNode().put("status", "model lost"));
                else json(ctx, 200, JsonNodeFactory.instance.objectNode().put("status", "ok"));
            });
            config.routes.get("/v1/models", this::models);
            config.routes.post("/v1/completions", ctx -> completions.handle(ctx, false));
            config.routes.post("/v1/chat/completions", ctx -> completions.handle(ctx, true));
            config.routes.get("/metrics", ctx -> {
                ctx.contentType(metrics.contentType());
                metrics.write(ctx.res().getOutputStream());
            });
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, fromHttp(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.println("error: " + ctx.method() + " " + ctx.path() + ": " + e);
                error(ctx, ApiException.internal("internal error"));
            });
        });
    }

    /** Starts the engine and listens; returns once the port is bound. */
    public ApiServer start() {
        engine.start();
        app.start(options.host(), options.port());
        return this;
    }

    /**
     * Completes when the model was lost: a split model's RPC server died or stopped answering (docs/rpc.md). Every
     * request then fails, /health answers 503 and new requests get 500; the owner should close the server and exit.
     */
    public CompletableFuture<RpcServerLostException> modelLost() {
        return engine.modelLost();
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    public String modelId() {
        return modelId;
    }

    /**
     * Stops: cancels what is queued or running (those choices end as cancelled and their responses are written),
     * closes the listener, then frees the session's native memory.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        engine.close();
        app.stop();
        try {
            watch.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        session.close();
    }

    private void authorize(Context ctx) {
        if (keyHash == null || ctx.path().equals("/health")) return;
        String auth = ctx.header("Authorization");
        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
        // hashes of equal length, compared in constant time: neither the key nor its length leaks through timing
        if (!MessageDigest.isEqual(sha256(given), keyHash)) {
            metrics.request("-", 401, 0, 0, 0);
            log.printf("%s - %s %s status=401%n", Instant.now(), ctx.method(), ctx.path());
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.unauthorized();
        }
    }

    private void viewer(Context ctx) throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream(VIEWER)) {
            if (in == null) throw ApiException.notFound("this build has no viewer page");
            ctx.contentType("text/html; charset=utf-8");
            ctx.result(in.readAllBytes());
        }
    }

    private void models(Context ctx) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("object", "list");
        ObjectNode m = root.putArray("data").addObject();
        m.put("id", modelId);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "latentj");
        json(ctx, 200, root);
    }

    private static ApiException fromHttp(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> ApiException.tooLarge(MAX_BODY);
            case 404 -> ApiException.notFound("no such route");
            case 405 -> ApiException.invalid(null, "method not allowed on this route");
            default -> e.getStatus() >= 500 ? ApiException.internal("internal error") : ApiException.invalid(null, e.getMessage());
        };
    }

    static void error(Context ctx, ApiException e) {
        if (e.retryAfterSeconds() != null) ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        json(ctx, e.status(), e.body());
    }

    static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
