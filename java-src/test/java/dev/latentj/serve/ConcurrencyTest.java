package dev.latentj.serve;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Continuous batching: 32 clients in mixed modes against 8 slots get what each request gets alone; nothing is
 * lost or duplicated; clients that hang up free their slots.
 */
class ConcurrencyTest {
    private static TestServer server;
    private static Client client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(8, 64, null);
        client = new Client(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** One request of the mix: its path and body; {@code exact} when its output must not depend on the batch. */
    record Req(String path, String body) {}

    private static List<Req> mix() {
        List<Req> out = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String q = "A farmer has " + (3 + i) + " cows and buys " + (2 + i % 5) + " more. Then " + (1 + i % 3)
                    + " run away. How many cows are left?";
            String stream = i % 3 == 0 ? ", \"stream\": true" : "";
            String prompt = "\"prompt\": \"" + q + "\"" + stream;
            out.add(switch (i % 8) {
                case 0 -> new Req("/v1/completions", "{" + prompt + "}");
                case 1 -> new Req("/v1/completions", "{" + prompt + ", \"reasoning\": {\"mode\": \"cot\"}, \"max_tokens\": 40}");
                case 2 -> new Req("/v1/completions", "{" + prompt + ", \"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 24}");
                case 3 -> new Req("/v1/completions", "{" + prompt + ", \"reasoning\": {\"mode\": \"soft\", \"max_thinking\": 40}, \"max_tokens\": 8, \"seed\": " + i + "}");
                case 4 -> new Req("/v1/completions", "{" + prompt + ", \"reasoning\": {\"mode\": \"soft\", \"noise\": \"dirichlet\", \"max_thinking\": 40}, \"max_tokens\": 8, \"seed\": " + i + "}");
                case 5 -> new Req("/v1/completions", "{" + prompt + ", \"reasoning\": {\"mode\": \"cot\"}, \"temperature\": 0.8, \"top_k\": 20, \"max_tokens\": 24, \"seed\": " + i + "}");
                case 6 -> new Req("/v1/completions", "{" + prompt + ", \"n\": 2, \"reasoning\": {\"mode\": \"codi\", \"return_thoughts\": true}}");
                default -> new Req("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"" + q + "\"}]" + stream
                        + ", \"reasoning\": {\"mode\": \"cot\"}, \"max_tokens\": 40}");
            });
        }
        return out;
    }

    @Test
    void thirtyTwoMixedClientsGetWhatEachGetsAlone() throws Exception {
        List<Req> reqs = mix();
        long logged = server.log().stream().filter(l -> l.contains(" status=200 ")).count();
        List<Client.Result> alone = new ArrayList<>();
        for (Req r : reqs) alone.add(client.call(r.path(), r.body()));

        List<Client.Result> together = all(reqs);

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < reqs.size(); i++) {
            Client.Result a = alone.get(i);
            Client.Result t = together.get(i);
            assertEquals(200, a.status(), a.body());
            assertEquals(200, t.status(), t.body());
            assertTrue(ids.add(t.id()), "duplicate id " + t.id());
            int n = i % 8 == 6 ? 2 : 1;
            assertEquals(n, t.texts().size(), "choices of request " + i);
            assertEquals(n, t.finish().size(), "finish reasons of request " + i);
            assertEquals(a.texts(), t.texts(), "request " + i + " (" + reqs.get(i).body() + ") in a batch of 32 vs alone");
            assertEquals(a.finish(), t.finish(), "request " + i);
        }
        waitIdle();
        long ok = 0;
        for (int i = 0; i < 300 && ok < 2L * reqs.size(); i++) {
            Thread.sleep(20); // a request's log line follows its response
            ok = server.log().stream().filter(l -> l.contains(" status=200 ")).count() - logged;
        }
        assertEquals(2L * reqs.size(), ok, "one log line per request:\n" + String.join("\n", server.log()));
    }

    @Test
    void clientsThatHangUpFreeTheirSlots() throws Exception {
        String longRun = "{\"prompt\": \"Once upon a time\", \"stream\": true, \"reasoning\": {\"mode\": \"generate\"}, \"max_tokens\": 200}";
        long before = server.log().stream().filter(l -> l.contains(" status=499 ")).count();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> hangUps = new ArrayList<>();
            for (int i = 0; i < 8; i++) hangUps.add(pool.submit(() -> {
                client.hangUpAfterFirstChunk("/v1/completions", longRun);
                return null;
            }));
            for (Future<?> f : hangUps) f.get(3, TimeUnit.MINUTES);
        }
        waitIdle();
        List<String> gone = List.of();
        for (int i = 0; i < 300 && gone.size() - before < 8; i++) {
            Thread.sleep(100); // a request's log line follows its slot's release
            gone = server.log().stream().filter(l -> l.contains(" status=499 ")).toList();
        }
        assertEquals(8, gone.size() - before, String.join("\n", server.log()));
        for (String line : gone) {
            assertTrue(line.contains("cancel=client_gone") && line.contains("finish=cancelled"), line);
            int completion = Integer.parseInt(line.replaceAll(".* completion=(\\d+) .*", "$1"));
            assertTrue(completion < 200, "cancelled long before max_tokens: " + line);
        }
        // every slot is free again: 8 requests run at once and all finish
        List<Req> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) eight.add(new Req("/v1/completions", "{\"prompt\": \"Question " + i + ": 2+2?\", \"reasoning\": {\"mode\": \"cot\"}, \"max_tokens\": 8}"));
        for (Client.Result r : all(eight)) assertEquals(200, r.status(), r.body());
    }

    /** Sends all requests at once, one client each. */
    private static List<Client.Result> all(List<Req> reqs) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Client.Result>> futures = new ArrayList<>();
            for (Req r : reqs) futures.add(pool.submit(() -> {
                go.await();
                return client.call(r.path(), r.body());
            }));
            go.countDown();
            List<Client.Result> out = new ArrayList<>();
            for (Future<Client.Result> f : futures) out.add(f.get(5, TimeUnit.MINUTES));
            return out;
        }
    }

    /** Waits (bounded) until no slot is in use and nothing is queued. */
    private static void waitIdle() throws Exception {
        for (int i = 0; i < 600; i++) {
            if (server.metric("latentj_active_slots") == 0 && server.metric("latentj_queue_depth") == 0) return;
            Thread.sleep(100);
        }
        throw new AssertionError("slots still busy: active " + server.metric("latentj_active_slots") + ", queued " + server.metric("latentj_queue_depth"));
    }
}
