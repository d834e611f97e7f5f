package dev.latentj.engine;

import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a caller can get wrong fails with a clear exception (and never reaches native code in a bad state), and a
 * decode the engine refuses changes nothing: not the sequence's positions, its cache, nor the last outputs.
 */
class ApiMisuseTest {
    @TempDir
    static Path tmp;
    static Path gguf;
    static Model model;

    @BeforeAll
    static void load() throws IOException {
        gguf = tmp.resolve("llama.gguf");
        HfConverter.convert(Fixtures.fixture("arch-llama"), gguf, GgmlType.F32, null);
        model = Model.load(gguf, new Model.Options(Backend.CPU, 1));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    private static <T extends Throwable> void fails(Class<T> type, String fragment, String what, Executable e) {
        T ex = assertThrows(type, e, what);
        assertTrue(ex.getMessage() != null && ex.getMessage().contains(fragment),
                () -> what + ": message '" + ex.getMessage() + "' lacks '" + fragment + "'");
    }

    private static Row tok(int pos, int id) {
        return new Row.Token(0, pos, id, Row.Output.LOGITS);
    }

    @Test
    void tokenIdOutsideTheVocabulary() {
        int n = model.config().nVocab();
        try (Session s = model.newSession(Session.Options.of(1, 8))) {
            fails(IllegalArgumentException.class, "out of range", "token id = n_vocab", () -> s.decode(List.of(tok(0, n))));
            fails(IllegalArgumentException.class, "out of range", "token id -1", () -> s.decode(List.of(tok(0, -1))));
            assertDoesNotThrow(() -> s.decode(List.of(tok(0, n - 1))), "the last id is valid");
        }
    }

    @Test
    void embeddingOfTheWrongLengthOrNotFinite() {
        int d = model.config().nEmbd();
        try (Session s = model.newSession(Session.Options.of(1, 8))) {
            fails(IllegalArgumentException.class, "the model needs " + d, "short embedding",
                    () -> s.decode(List.of(new Row.Embedding(0, 0, new float[d - 1], Row.Output.LOGITS))));
            float[] nan = new float[d];
            nan[3] = Float.NaN;
            fails(IllegalArgumentException.class, "embedding value 3 is NaN", "NaN embedding",
                    () -> new Row.Embedding(0, 0, nan, Row.Output.LOGITS));
            float[] inf = new float[d];
            Row.Embedding row = new Row.Embedding(0, 0, inf, Row.Output.LOGITS);
            inf[1] = Float.POSITIVE_INFINITY; // mutated after the row was made: the engine checks again
            fails(IllegalArgumentException.class, "not finite", "Inf embedding", () -> s.decode(List.of(row)));
            fails(NullPointerException.class, "vector", "null embedding", () -> new Row.Embedding(0, 0, null, Row.Output.LOGITS));
            fails(IllegalArgumentException.class, "2 ids but 1 weights", "mixture lengths",
                    () -> new Row.Mixture(0, 0, new int[] {1, 2}, new float[] {1}, Row.Output.LOGITS));
        }
    }

    @Test
    void contextOverflow() {
        try (Session s = model.newSession(Session.Options.of(1, 4))) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < 5; p++) rows.add(tok(p, 1));
            s.decode(rows.subList(0, 4));
            fails(ContextFullException.class, "past the context of 4", "position 4 in a context of 4",
                    () -> s.decode(List.of(tok(4, 1))));
            fails(IllegalArgumentException.class, "exceed", "5 rows in one batch of a 4-position session", () -> s.decode(rows));
        }
    }

    /** Fills a context of 8, then re-decodes position 7 with another token; returns its logits. */
    private static float[] history(Session s, boolean withRefusals) {
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < 8; p++) rows.add(new Row.Token(0, p, 3 + p, p == 7 ? Row.Output.LOGITS : Row.Output.NONE));
        s.decode(rows);
        float[] last = s.logits(0);
        if (withRefusals) {
            // a re-decode of positions 5.. with a row past the context: the whole batch is refused
            fails(ContextFullException.class, "past the context of 8", "a batch that runs past the context",
                    () -> s.decode(List.of(tok(5, 20), tok(8, 21))));
            assertEquals(8, s.nextPosition(0), "positions after a batch refused for its context");
            assertEquals(1, s.outputs(), "outputs after a refused batch");
            assertArrayEquals(last, s.logits(0), "the last decode's logits after a refused batch");
            // the same with a bad mixture id, which only the engine checks
            int nVocab = model.config().nVocab();
            fails(IllegalArgumentException.class, "mixture id", "a batch with a mixture id past the vocabulary", () -> s.decode(
                    List.of(tok(6, 20), new Row.Mixture(0, 7, new int[] {1, nVocab}, new float[] {0.5f, 0.5f}, Row.Output.LOGITS))));
            assertEquals(8, s.nextPosition(0), "positions after a batch refused for a mixture id");
            assertArrayEquals(last, s.logits(0), "the last decode's logits after a batch refused for a mixture id");
        }
        s.decode(List.of(tok(7, 42)));
        return s.logits(0);
    }

    @Test
    void aRefusedDecodeLeavesTheSessionAsItWas() {
        try (Session refused = model.newSession(Session.Options.of(1, 8)); Session clean = model.newSession(Session.Options.of(1, 8))) {
            assertEquals(8, refused.context());
            assertArrayEquals(history(clean, false), history(refused, true), "later outputs, with and without the refused batches");
        }
    }

    @Test
    void badArgumentsToReads() {
        try (Session s = model.newSession(Session.Options.of(1, 8))) {
            s.decode(List.of(tok(0, 1)));
            fails(IllegalArgumentException.class, "", "logits of output 1 of 1", () -> s.logits(1));
            fails(IllegalArgumentException.class, "", "logits of output -1", () -> s.logits(-1));
            fails(IllegalArgumentException.class, "steps", "2^31-1 latent steps",
                    () -> s.latentLoop(new int[] {0}, Integer.MAX_VALUE, true, true));
            fails(IllegalArgumentException.class, "hidden states", "empty lm head input", () -> s.lmHead(new float[0][]));
            fails(NullPointerException.class, "row 0", "null row", () -> s.decode(Arrays.asList((Row) null)));
            fails(IllegalArgumentException.class, "", "empty batch", () -> s.decode(List.of()));
        }
    }

    @Test
    void closedSessionAndDoubleClose() {
        Session s = model.newSession(Session.Options.of(1, 8));
        s.close();
        assertDoesNotThrow(s::close, "second close is a no-op");
        fails(IllegalStateException.class, "session is closed", "decode after close", () -> s.decode(List.of(tok(0, 1))));
        fails(IllegalStateException.class, "session is closed", "logits after close", () -> s.logits(0));
    }

    @Test
    void closedModelAndDoubleClose() throws IOException {
        Model m = Model.load(gguf, new Model.Options(Backend.CPU, 1));
        Session s = m.newSession(Session.Options.of(1, 8));
        m.close();
        assertDoesNotThrow(m::close, "second close is a no-op");
        fails(IllegalStateException.class, "model is closed", "new session on a closed model",
                () -> m.newSession(Session.Options.of(1, 8)));
        fails(IllegalStateException.class, "session is closed", "a closed model's session", () -> s.decode(List.of(tok(0, 1))));
        assertDoesNotThrow(s::close, "closing a session its model already closed");
    }

    @Test
    void oneSessionFromTwoThreadsAtOnce() throws Exception {
        try (Session s = model.newSession(Session.Options.of(1, 64))) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < 64; p++) rows.add(new Row.Token(0, p, p % 7, Row.Output.NONE));
            AtomicReference<Throwable> seen = new AtomicReference<>();
            // two threads decode the same session in a loop until one of them is refused
            CountDownLatch go = new CountDownLatch(1);
            Runnable r = () -> {
                try {
                    go.await();
                    for (int i = 0; i < 200 && seen.get() == null; i++) {
                        try {
                            s.removePositions(0, 0, -1);
                            s.decode(rows);
                        } catch (IllegalStateException e) {
                            seen.compareAndSet(null, e);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Thread a = new Thread(r), b = new Thread(r);
            a.start();
            b.start();
            go.countDown();
            a.join();
            b.join();
            Throwable e = seen.get();
            assertTrue(e != null, "two threads decoding one session 200 times each were never refused");
            assertEquals("session used from two threads at once", e.getMessage());
        }
    }
}
