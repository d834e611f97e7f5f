package dev.latentj.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * POST /v1/completions and /v1/chat/completions: parse, plan, queue on the engine, then answer with one JSON
 * document or a Server-Sent Events stream of OpenAI chunks ending in {@code data: [DONE]}. Writes one log line
 * per request: id, mode, status, tokens, time to first token, latency.
 */
final class CompletionHandler {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final CompletionPlanner planner;
    private final Engine engine;
    private final ClientWatch watch;
    private final ServerMetrics metrics;
    private final String modelId;
    private final PrintStream log;

    CompletionHandler(CompletionPlanner planner, Engine engine, ClientWatch watch, ServerMetrics metrics, String modelId, PrintStream log) {
        this.planner = planner;
        this.engine = engine;
        this.watch = watch;
        this.metrics = metrics;
        this.modelId = modelId;
        this.log = log;
    }

    /** What a request came to, for its log line and metrics. */
    private static final class Outcome {
        String mode = "-";
        int status = 200;
        List<Event.Done> choices = List.of();
        int promptTokens;
    }

    void handle(Context ctx, boolean chat) {
        long t0 = System.nanoTime();
        String id = (chat ? "chatcmpl-" : "cmpl-") + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Outcome o = new Outcome();
        Completion c = null;
        BooleanSupplier gone = null;
        try {
            CompletionRequest req = CompletionRequest.parse(body(ctx), chat);
            c = planner.plan(id, req, t0);
            o.mode = c.mode();
            gone = watchClient(ctx);
            c.watch(gone);
            engine.submit(c);
            OpenAiJson json = new OpenAiJson(id, Instant.now().getEpochSecond(), modelId, chat, req.reasoning().returnThoughts());
            if (req.stream()) stream(ctx, c, req, json, o);
            else respond(ctx, c, req, json, o);
        } catch (ApiException e) {
            o.status = e.status();
            throw e;
        } catch (RuntimeException e) {
            o.status = 500;
            throw e;
        } finally {
            if (gone != null) ClientWatch.release(gone);
            if (c != null && c.cancel() == Completion.Cancel.CLIENT_GONE) o.status = 499;
            record(id, o, c, t0);
        }
    }

    /** The request body, at most {@link ApiServer#MAX_BODY} bytes (413). */
    private static byte[] body(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e.getStatus() == 413 ? ApiException.tooLarge(ApiServer.MAX_BODY) : ApiException.invalid(null, "the body could not be read");
        }
    }

    private void respond(Context ctx, Completion c, CompletionRequest req, OpenAiJson json, Outcome o) {
        Event.Done[] done = new Event.Done[c.tasks().size()];
        for (int left = done.length; left > 0; ) {
            switch (next(c)) {
                case Event.Done d -> {
                    done[d.choice()] = d;
                    left--;
                }
                case Event.Failed f -> throw f.error();
                case Event.Delta d -> { }
            }
        }
        o.choices = List.of(done);
        o.promptTokens = promptTokens(o.choices, req.n());
        if (c.cancel() == Completion.Cancel.CLIENT_GONE) return; // nobody to answer
        ApiServer.json(ctx, 200, json.response(o.choices, o.promptTokens));
    }

    private void stream(Context ctx, Completion c, CompletionRequest req, OpenAiJson json, Outcome o) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        Event.Done[] done = new Event.Done[c.tasks().size()];
        boolean[] opened = new boolean[done.length];
        try {
            OutputStream out = res.getOutputStream();
            for (int left = done.length; left > 0; ) {
                switch (next(c)) {
                    case Event.Delta d -> {
                        send(out, json.delta(d.choice(), d.text(), !opened[d.choice()]));
                        opened[d.choice()] = true;
                    }
                    case Event.Done d -> {
                        done[d.choice()] = d;
                        left--;
                        if (!opened[d.choice()] && req.chat()) send(out, json.delta(d.choice(), "", true));
                        opened[d.choice()] = true;
                        send(out, json.finish(d));
                    }
                    case Event.Failed f -> {
                        o.status = f.error().status();
                        send(out, f.error().body());
                        out.write(DONE);
                        out.flush();
                        return;
                    }
                }
            }
            o.choices = List.of(done);
            o.promptTokens = promptTokens(o.choices, req.n());
            if (req.includeUsage()) send(out, json.usageChunk(o.choices, o.promptTokens));
            out.write(DONE);
            out.flush();
        } catch (IOException e) {
            // the client has gone: the engine cancels its sequences at its next step; wait for that, for the log
            c.abandon();
            o.choices = drain(c, done);
            o.promptTokens = promptTokens(o.choices, req.n());
        }
    }

    /** The choices' ends, once the engine has ended them all (after a hang-up: as cancelled). */
    private List<Event.Done> drain(Completion c, Event.Done[] done) {
        for (long left = Arrays.stream(done).filter(d -> d == null).count(); left > 0; ) {
            switch (next(c)) {
                case Event.Done d -> {
                    done[d.choice()] = d;
                    left--;
                }
                case Event.Failed f -> left = 0;
                case Event.Delta d -> { }
            }
        }
        return Arrays.stream(done).filter(d -> d != null).toList();
    }

    private static void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next event; the engine ends every choice, so this wait is bounded by the request's time limit. */
    private Event next(Completion c) {
        try {
            while (true) {
                boolean alive = engine.alive(); // read first: what a stopped engine sent is polled below
                Event e = c.next(alive ? 1000 : 0);
                if (e != null) return e;
                if (!alive) throw ApiException.overloaded("the server is shutting down", 1);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            c.abandon();
            throw ApiException.internal("interrupted");
        }
    }

    /** Each prompt counts once, however many choices it has. */
    private static int promptTokens(List<Event.Done> choices, int n) {
        int sum = 0;
        for (Event.Done d : choices) if (d.choice() % n == 0) sum += d.promptTokens();
        return sum;
    }

    /** A check of whether this request's client has hung up (the connection's socket, through Jetty). */
    private BooleanSupplier watchClient(Context ctx) {
        try {
            Object transport = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint().getTransport();
            if (transport instanceof SocketChannel ch) return watch.watch(ch);
        } catch (RuntimeException ignored) {
            // not a plain socket connection: writes still notice a hang-up when streaming
        }
        return () -> false;
    }

    private void record(String id, Outcome o, Completion c, long t0) {
        double latency = (System.nanoTime() - t0) / 1e9;
        int completion = 0;
        int reasoning = 0;
        List<String> reasons = new ArrayList<>();
        for (Event.Done d : o.choices) {
            completion += d.completionTokens();
            reasoning += d.reasoningTokens();
            reasons.add(d.finishReason());
        }
        metrics.request(o.mode, o.status, o.promptTokens, completion, reasoning);
        String ttft = "-";
        if (c != null && c.firstTokenNanos() != 0) {
            double s = (c.firstTokenNanos() - c.arrivalNanos()) / 1e9;
            metrics.firstToken(o.mode, s);
            ttft = String.format(Locale.ROOT, "%.1f", s * 1000);
        }
        String cause = c != null && c.cancel() != null ? " cancel=" + c.cancel().name().toLowerCase(Locale.ROOT) : "";
        log.printf(Locale.ROOT, "%s %s mode=%s status=%d prompt=%d completion=%d reasoning=%d ttft_ms=%s latency_ms=%.1f finish=%s%s%n",
                Instant.now(), id, o.mode, o.status, o.promptTokens, completion, reasoning, ttft, latency * 1000,
                reasons.isEmpty() ? "-" : String.join(",", reasons), cause);
    }
}
