package dev.latentj.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.bench.DatasetLoader;
import dev.latentj.bench.Problem;
import dev.latentj.codi.Codi;
import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.reason.Answer;
import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeOptions;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.testing.Fixtures;
import dev.latentj.testing.RpcServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.latentj.testing.Numerics.ints;
import static dev.latentj.testing.Numerics.relErr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model split over this process and two {@code latentj rpc-server} child JVMs on 127.0.0.1 (issue 16): the same
 * logits and texts as the model run here alone, a server that dies or hangs mid-run failing the call cleanly, and
 * layers that no single server has room for.
 */
class RpcSplitTest {
    static final Path EMBEDDED = Path.of("models", "codi-gpt2-tiny-q8_0.gguf");

    @TempDir
    static Path tmp;
    static RpcServerProcess a, b;

    @BeforeAll
    static void startServers() throws IOException, InterruptedException {
        a = RpcServerProcess.start();
        b = RpcServerProcess.start();
    }

    @AfterAll
    static void stopServers() throws IOException, InterruptedException {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    static Model.Options split(float... shares) {
        return new Model.Options(Backend.CPU, 1).rpc(a.endpoint(), b.endpoint()).tensorSplit(shares);
    }

    /** All positions' logits of one sequence, decoded at once, then two more positions one at a time (the cache). */
    static List<float[]> logits(Model m, int[] ids) {
        List<float[]> out = new ArrayList<>();
        try (Session s = m.newSession(Session.Options.of(1, 64))) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < ids.length - 2; p++) rows.add(new Row.Token(0, p, ids[p], Row.Output.LOGITS));
            s.decode(rows);
            for (int i = 0; i < rows.size(); i++) out.add(s.logits(i));
            for (int p = ids.length - 2; p < ids.length; p++) {
                s.decode(List.of(new Row.Token(0, p, ids[p], Row.Output.LOGITS)));
                out.add(s.logits(0));
            }
        }
        return out;
    }

    static void assertSameLogits(String what, List<float[]> want, List<float[]> got) {
        assertEquals(want.size(), got.size(), what);
        for (int i = 0; i < want.size(); i++) {
            double err = relErr(got.get(i), want.get(i));
            assertTrue(err <= 1e-5, what + ": position " + i + " relative error " + err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt2", "llama", "qwen2", "qwen3"})
    void logitsMatchTheLocalRunOnEveryArchitecture(String arch) throws IOException {
        Path gguf = tmp.resolve(arch + ".gguf");
        HfConverter.convert(Fixtures.fixture("arch-" + arch), gguf, GgmlType.F32, null);
        JsonNode ref = new ObjectMapper().readTree(Fixtures.fixture("arch-" + arch).resolve("reference.json").toFile());
        int[] ids = ints(ref.get("input_ids"));
        List<float[]> local;
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 1))) {
            local = logits(m, ids);
        }
        // two layers: one on each server, the input and output layers here; then one there and one here
        try (Model m = Model.load(gguf, split(1, 1, 1))) {
            assertEquals(List.of("RPC0[" + a.endpoint() + "]", "RPC0[" + b.endpoint() + "]"), m.layerDevices());
            assertSameLogits(arch + " over both servers", local, logits(m, ids));
        }
        try (Model m = Model.load(gguf, split(1, 0, 1))) {
            assertEquals(List.of("RPC0[" + a.endpoint() + "]", "CPU"), m.layerDevices());
            assertSameLogits(arch + " over a server and here", local, logits(m, ids));
        }
    }

    @Test
    void codiCotAndSoftThinkingTextsMatchTheLocalRun() throws IOException {
        List<Problem> problems = DatasetLoader.load(Fixtures.fixture("synth/codi-synth-dev.jsonl"), DatasetFormat.AUTO)
                .problems().subList(0, 50);
        List<String> questions = problems.stream().map(Problem::question).toList();
        List<String> local, remote;
        try (Model m = Model.load(EMBEDDED, new Model.Options(Backend.CPU, 1))) {
            local = texts(new Reasoner(m), questions);
        }
        try (Model m = Model.load(EMBEDDED, split(1, 1, 2))) {
            assertEquals(List.of("RPC0[" + a.endpoint() + "]", "RPC0[" + b.endpoint() + "]", "CPU", "CPU"), m.layerDevices());
            remote = texts(new Reasoner(m), questions);
        }
        for (int i = 0; i < local.size(); i++) assertEquals(local.get(i), remote.get(i), "answer " + i);
    }

    /** CODI and greedy CoT on every question (batches of 25), then Soft Thinking on the first five. */
    private static List<String> texts(Reasoner r, List<String> questions) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < questions.size(); i += 25) {
            List<String> batch = questions.subList(i, i + 25);
            r.codi(batch, Codi.Options.defaults()).forEach(x -> out.add("codi: " + x.text()));
            r.cot(batch, 64, SamplerConfig.greedy(), "cot").forEach(x -> out.add("cot: " + x.text()));
        }
        List<Long> seeds = Collections.nCopies(5, 7L);
        for (Answer x : r.answer(Mode.of("soft-gumbel"), ModeOptions.defaults(), questions.subList(0, 5), seeds)) out.add("soft: " + x.text());
        return out;
    }

    @Test
    void layersNoSingleServerHoldsRunSplitOverTwo() throws IOException, InterruptedException {
        // the embedded model's four layers take ~3.4 MB (q8_0); each server has 3 MiB
        int[] ids = IntStream.range(0, 12).map(i -> 100 + 37 * i).toArray();
        List<float[]> local;
        try (Model m = Model.load(EMBEDDED, new Model.Options(Backend.CPU, 1))) {
            local = logits(m, ids);
        }
        try (RpcServerProcess small1 = RpcServerProcess.start("--mem", "3"); RpcServerProcess small2 = RpcServerProcess.start("--mem", "3")) {
            Model.Options one = new Model.Options(Backend.CPU, 1).rpc(small1.endpoint()).tensorSplit(1, 0);
            LatentjException full = assertThrows(LatentjException.class, () -> Model.load(EMBEDDED, one).close());
            assertTrue(full.getMessage().contains(small1.endpoint()), full.getMessage());
            Model.Options two = new Model.Options(Backend.CPU, 1).rpc(small1.endpoint(), small2.endpoint()).tensorSplit(1, 1, 0);
            try (Model m = Model.load(EMBEDDED, two)) {
                assertEquals(List.of(0, 0, 1, 1), m.layerDevices().stream().map(d -> d.contains(small1.endpoint()) ? 0 : 1).toList());
                assertSameLogits("over two 3 MiB servers", local, logits(m, ids));
            }
        }
    }

    @Test
    void aServerKilledMidRunFailsTheCallAndTheModel() throws Exception {
        try (RpcServerProcess doomed = RpcServerProcess.start()) {
            Model m = Model.load(EMBEDDED, new Model.Options(Backend.CPU, 1).rpc(doomed.endpoint()).tensorSplit(1, 1));
            Session s = m.newSession(Session.Options.of(1, 64));
            CountDownLatch running = new CountDownLatch(5);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int step = 0; step < 100_000; step++) {
                        s.decode(List.of(new Row.Token(0, step % 64, 100 + step % 50, Row.Output.LOGITS)));
                        running.countDown();
                    }
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(running.await(60, TimeUnit.SECONDS), "decodes over the server");
            doomed.kill();
            long killed = System.nanoTime();
            Throwable t = outcome.get(30, TimeUnit.SECONDS);
            assertTrue(t instanceof RpcServerLostException, "an RpcServerLostException, not " + t);
            assertTrue(t.getMessage().startsWith("lost RPC server " + doomed.endpoint()), t.getMessage());
            System.out.printf("RpcSplitTest: killed server reported after %.0f ms%n", (System.nanoTime() - killed) / 1e6);
            // the model is given up: its calls fail at once, closing it returns, its server cannot come back here
            RpcServerLostException again = assertThrows(RpcServerLostException.class, () -> s.decode(List.of(new Row.Token(0, 0, 1, Row.Output.LOGITS))));
            assertEquals(t.getMessage(), again.getMessage());
            m.close();
            Model.Options same = new Model.Options(Backend.CPU, 1).rpc(doomed.endpoint());
            RpcServerLostException gone = assertThrows(RpcServerLostException.class, () -> Model.load(EMBEDDED, same).close());
            assertTrue(gone.getMessage().contains("lost earlier in this process"), gone.getMessage());
        }
    }

    @Test
    void aHungServerTimesOutAndServesTheNextClient() throws Exception {
        try (RpcServerProcess hung = RpcServerProcess.start()) {
            Model.Options o = new Model.Options(Backend.CPU, 1).rpc(hung.endpoint()).tensorSplit(1, 1).rpcTimeout(Duration.ofSeconds(2));
            try (Model m = Model.load(EMBEDDED, o); Session s = m.newSession(Session.Options.of(1, 64))) {
                s.decode(List.of(new Row.Token(0, 0, 100, Row.Output.LOGITS)));
                hung.freeze();
                long stopped = System.nanoTime();
                RpcServerLostException e = assertThrows(RpcServerLostException.class, () -> s.decode(List.of(new Row.Token(0, 1, 101, Row.Output.LOGITS))));
                double seconds = (System.nanoTime() - stopped) / 1e9;
                assertTrue(e.getMessage().startsWith("no answer from RPC server " + hung.endpoint() + " within 2000 ms"), e.getMessage());
                assertTrue(seconds < 20, "failed after " + seconds + " s");
            } finally {
                hung.thaw();
            }
            // this process dropped its connection: the server takes the next client (another process)
            String out = dev.latentj.testing.ChildJvm.run(dev.latentj.cli.Main.class, List.of(), "eval", "--ids", "100,101",
                    "--threads", "1", "--rpc", hung.endpoint(), "--tensor-split", "1,1");
            assertTrue(out.contains("pos 1"), out);
        }
    }

    @Test
    void anUnreachableServerFailsTheLoadNamingIt() throws IOException {
        String nobody;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobody = "127.0.0.1:" + s.getLocalPort();
        }
        Model.Options o = new Model.Options(Backend.CPU, 1).rpc(a.endpoint(), nobody);
        LatentjException e = assertThrows(LatentjException.class, () -> Model.load(EMBEDDED, o).close());
        assertEquals("RPC server " + nobody + " cannot be reached: Connection refused", e.getMessage());
    }

    @Test
    void optionsAreChecked() {
        Model.Options o = new Model.Options(Backend.CPU, 1);
        assertThrows(IllegalArgumentException.class, () -> o.tensorSplit(1, 1));
        assertThrows(IllegalArgumentException.class, () -> o.rpc("127.0.0.1:1").tensorSplit(1, -1));
        assertThrows(IllegalArgumentException.class, () -> o.rpcTimeout(Duration.ZERO));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Model.load(EMBEDDED, o.rpc(a.endpoint()).tensorSplit(1, 1, 1)).close());
        assertTrue(count.getMessage().startsWith("the tensor split has 3 shares for 2 devices"), count.getMessage());
    }
}
