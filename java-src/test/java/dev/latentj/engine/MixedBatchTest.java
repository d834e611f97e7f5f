package dev.latentj.engine;

import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows of every kind decode in one batch (the server's continuous batching): token rows of one sequence, a CODI
 * latent row of another, a concept token of a third and a Coconut latent of a fourth give, bit for bit, what each
 * gives decoded alone from the same cache.
 */
class MixedBatchTest {
    @TempDir
    static Path tmp;
    static Model model;

    @BeforeAll
    static void load() throws IOException {
        Path gguf = tmp.resolve("codi.gguf");
        CheckpointConverter.convert(Fixtures.fixture("codi-gpt2-tiny"), gguf, ConvertOptions.of(GgmlType.F32));
        model = Model.load(gguf, new Model.Options(Backend.CPU, 0));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    /** Four prompts; sequences 1 and 3 end with a hidden-state output, which their latent rows read. */
    private static Session prefilled() {
        Session s = model.newSession(Session.Options.of(4, 64));
        int[] lengths = {4, 5, 3, 2};
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            for (int p = 0; p < lengths[q]; p++) {
                boolean last = p == lengths[q] - 1 && (q == 1 || q == 3);
                rows.add(new Row.Token(q, p, 464 + 31 * q + p, last ? Row.Output.HIDDEN : Row.Output.NONE));
            }
        }
        s.decode(rows);
        return s;
    }

    private static final List<List<Row>> GROUPS = List.of(
            List.of(new Row.Token(0, 4, 1000, Row.Output.LOGITS), new Row.Token(0, 5, 1001, Row.Output.LOGITS)),
            List.of(new Row.Latent(1, 5, Row.Output.LOGITS)),
            List.of(new Row.Mixture(2, 3, new int[] {262, 290, 11}, new float[] {0.5f, 0.3f, 0.2f}, Row.Output.LOGITS)),
            List.of(new Row.Latent(3, 2, true, Row.Output.LOGITS)));

    @Test
    void mixedBatchEqualsEachKindAlone() {
        List<float[]> aloneLogits = new ArrayList<>(), aloneHidden = new ArrayList<>();
        try (Session s = prefilled()) {
            for (List<Row> group : GROUPS) {
                s.decode(group);
                for (int i = 0; i < group.size(); i++) {
                    aloneLogits.add(s.logits(i));
                    aloneHidden.add(s.hidden(i));
                }
            }
        }
        try (Session s = prefilled()) {
            List<Row> mixed = new ArrayList<>();
            GROUPS.forEach(mixed::addAll);
            s.decode(mixed);
            assertEquals(aloneLogits.size(), s.outputs());
            for (int i = 0; i < mixed.size(); i++) {
                assertArrayEquals(aloneHidden.get(i), s.hidden(i), "hidden state of " + mixed.get(i));
                assertArrayEquals(aloneLogits.get(i), s.logits(i), "logits of " + mixed.get(i));
            }
        }
    }

    @Test
    void latentRowsEqualTheLatentLoop() {
        float[][][] loop;
        try (Session s = prefilled()) {
            loop = s.latentLoop(new int[] {1, 3}, 3, false, true).hidden();
        }
        try (Session s = prefilled()) {
            for (int step = 0; step < 3; step++) {
                s.decode(List.of(new Row.Latent(1, 5 + step, Row.Output.HIDDEN), new Row.Latent(3, 2 + step, Row.Output.HIDDEN)));
                assertArrayEquals(loop[step + 1][0], s.hidden(0), "seq 1 step " + step);
                assertArrayEquals(loop[step + 1][1], s.hidden(1), "seq 3 step " + step);
            }
        }
    }

    @Test
    void aLatentRowNeedsAHiddenStateAndItsSequenceAlone() {
        try (Session s = prefilled()) {
            IllegalStateException none = assertThrows(IllegalStateException.class,
                    () -> s.decode(List.of(new Row.Latent(0, 4, Row.Output.HIDDEN))));
            assertTrue(none.getMessage().contains("seq 0 has no hidden state"), none.getMessage());
            IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
                    () -> s.decode(List.of(new Row.Token(1, 5, 11, Row.Output.NONE), new Row.Latent(1, 6, Row.Output.HIDDEN))));
            assertTrue(shared.getMessage().contains("only row of seq 1"), shared.getMessage());
            assertEquals(5, s.nextPosition(1), "the refused batches left seq 1 as it was");
        }
    }
}
