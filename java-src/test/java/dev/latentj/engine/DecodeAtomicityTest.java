package dev.latentj.engine;

import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A decode the engine refuses changes nothing: not the sequence's positions, its cache, nor the last outputs. */
class DecodeAtomicityTest {
    @TempDir
    static Path tmp;
    static Model model;

    @BeforeAll
    static void load() throws IOException {
        Path gguf = tmp.resolve("llama.gguf");
        HfConverter.convert(Fixtures.fixture("arch-llama"), gguf, GgmlType.F32, null);
        model = Model.load(gguf, new Model.Options(Backend.CPU, 1));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    private static Row tok(int pos, int id, Row.Output out) {
        return new Row.Token(0, pos, id, out);
    }

    /** Fills a context of 8, then re-decodes position 7 with another token; returns its logits. */
    private static float[] history(Session s, boolean withFailures) {
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < 8; p++) rows.add(tok(p, 3 + p, p == 7 ? Row.Output.LOGITS : Row.Output.NONE));
        s.decode(rows);
        float[] last = s.logits(0);
        if (withFailures) {
            // a re-decode of positions 5.. with a row past the context: the whole batch is refused
            assertThrows(ContextFullException.class, () -> s.decode(List.of(tok(5, 20, Row.Output.LOGITS), tok(8, 21, Row.Output.LOGITS))));
            assertEquals(8, s.nextPosition(0), "positions after a batch refused for its context");
            assertEquals(1, s.outputs(), "outputs after a refused batch");
            assertArrayEquals(last, s.logits(0), "the last decode's logits after a refused batch");
            // the same with a bad mixture id, which only the engine checks
            int nVocab = model.config().nVocab();
            assertThrows(IllegalArgumentException.class, () -> s.decode(List.of(tok(6, 20, Row.Output.LOGITS),
                    new Row.Mixture(0, 7, new int[] {1, nVocab}, new float[] {0.5f, 0.5f}, Row.Output.LOGITS))));
            assertEquals(8, s.nextPosition(0), "positions after a batch refused for a mixture id");
            assertArrayEquals(last, s.logits(0), "the last decode's logits after a batch refused for a mixture id");
        }
        s.decode(List.of(tok(7, 42, Row.Output.LOGITS)));
        return s.logits(0);
    }

    @Test
    void aRefusedDecodeLeavesTheSessionAsItWas() {
        try (Session failing = model.newSession(Session.Options.of(1, 8)); Session clean = model.newSession(Session.Options.of(1, 8))) {
            assertEquals(8, failing.context());
            assertArrayEquals(history(clean, false), history(failing, true), "later outputs, with and without the refused batches");
        }
    }
}
