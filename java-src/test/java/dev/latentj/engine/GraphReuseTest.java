package dev.latentj.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A decode whose batch has the shape of the one before computes the previous graph again: generation steps build
 * one graph between them, and what a reused graph computes equals, bit for bit, what a freshly built one does.
 */
class GraphReuseTest {
    static Model model;

    @BeforeAll
    static void load() throws java.io.IOException {
        model = Model.load(Path.of("models/codi-gpt2-tiny-q8_0.gguf"), new Model.Options(Backend.CPU, 1));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    private static final int[] PROMPT = {464, 3290, 318, 257, 1332};
    private static final int STEPS = 40;

    /** Greedy steps after PROMPT; with {@code rebuild}, every decode changes the reduction, so none reuses a graph. */
    private static List<float[]> greedy(Session s, boolean rebuild) {
        List<float[]> logits = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < PROMPT.length; p++) rows.add(new Row.Token(0, p, PROMPT[p], p == PROMPT.length - 1 ? Row.Output.LOGITS : Row.Output.NONE));
        for (int step = 0; step <= STEPS; step++) {
            if (rebuild) s.setReduce(step % 2 == 0 ? 0 : 2, 1f, 0);
            s.decode(rows);
            logits.add(s.logits(0));
            rows = List.of(new Row.Token(0, PROMPT.length + step, s.argmax(0), Row.Output.LOGITS));
        }
        return logits;
    }

    @Test
    void generationStepsReuseOneGraphAndComputeWhatAFreshGraphDoes() {
        try (Session reused = model.newSession(Session.Options.of(1, 128));
             Session fresh = model.newSession(Session.Options.of(1, 128))) {
            List<float[]> a = greedy(reused, false);
            // the CPU pads the attended cells to 32 (lj_session::decode): positions 5..31, then 32..44
            assertEquals(3, reused.graphsBuilt(), "the prompt's graph, then one for the steps in each 32 cells");
            List<float[]> b = greedy(fresh, true);
            assertEquals(STEPS + 1, fresh.graphsBuilt(), "a changed reduction is a new shape");
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "decode " + i);
        }
    }

    @Test
    void latentStepsReuseOneGraph() {
        int[] seq = {0};
        List<Row> prompt = new ArrayList<>();
        for (int p = 0; p < PROMPT.length; p++) prompt.add(new Row.Token(0, p, PROMPT[p], p == PROMPT.length - 1 ? Row.Output.HIDDEN : Row.Output.NONE));
        try (Session reused = model.newSession(Session.Options.of(1, 64));
             Session fresh = model.newSession(Session.Options.of(1, 64))) {
            reused.decode(prompt);
            Session.LatentTrace loop = reused.latentLoop(seq, 6, false, true);
            assertEquals(2, reused.graphsBuilt());

            fresh.decode(prompt);
            for (int step = 0; step < 6; step++) {
                Session.LatentTrace one = fresh.latentLoop(seq, 1, false, true);
                assertArrayEquals(loop.latents()[step][0], one.latents()[0][0], "latent " + step);
                fresh.lmHead(new float[][] {one.hidden()[1][0]}); // another graph in the scheduler: the next step builds its own
            }
            assertEquals(7, fresh.graphsBuilt());
        }
    }

    @Test
    void aNewShapeBuildsANewGraph() {
        try (Session s = model.newSession(Session.Options.of(2, 64))) {
            List<Row> prompt = new ArrayList<>();
            for (int p = 0; p < 26; p++) prompt.add(new Row.Token(0, p, 100 + p, Row.Output.NONE));
            prompt.add(new Row.Token(1, 0, 50, Row.Output.LOGITS));
            s.decode(prompt); // cells 0..26
            long built = s.graphsBuilt();
            int pos = 1;
            for (; pos <= 5; pos++) s.decode(List.of(new Row.Token(1, pos, 60 + pos, Row.Output.LOGITS))); // cells 27..31: 32 attended
            assertEquals(built + 1, s.graphsBuilt(), "one graph for the steps within the first 32 cells");
            s.decode(List.of(new Row.Token(1, pos++, 70, Row.Output.LOGITS))); // cell 32: the extent pads to 64
            s.decode(List.of(new Row.Token(1, pos++, 71, Row.Output.LOGITS)));
            assertEquals(built + 2, s.graphsBuilt());

            s.decode(List.of(new Row.Mixture(1, pos++, new int[] {1, 2, 3}, new float[] {0.5f, 0.3f, 0.2f}, Row.Output.LOGITS)));
            s.decode(List.of(new Row.Mixture(1, pos++, new int[] {4, 5, 6, 7}, new float[] {0.4f, 0.3f, 0.2f, 0.1f}, Row.Output.LOGITS)));
            assertEquals(built + 3, s.graphsBuilt(), "3 and 4 tokens both take a mixture of width 4");
            s.decode(List.of(new Row.Mixture(1, pos++, new int[] {1, 2, 3, 4, 5}, new float[] {0.2f, 0.2f, 0.2f, 0.2f, 0.2f}, Row.Output.LOGITS)));
            assertEquals(built + 4, s.graphsBuilt(), "5 tokens take width 8");

            s.decode(List.of(new Row.Token(1, pos++, 80, Row.Output.HIDDEN)));
            s.decode(List.of(new Row.Token(1, pos++, 81, Row.Output.HIDDEN)));
            assertEquals(built + 5, s.graphsBuilt(), "no logits is another shape");
            s.setLayerOutputs(true);
            s.decode(List.of(new Row.Token(1, pos++, 82, Row.Output.HIDDEN)));
            assertEquals(built + 6, s.graphsBuilt(), "layer outputs are another shape");
            s.decode(List.of(new Row.Token(1, pos++, 83, Row.Output.HIDDEN), new Row.Token(0, 26, 84, Row.Output.HIDDEN)));
            assertEquals(built + 7, s.graphsBuilt(), "two rows are another shape");
        }
    }
}
