package dev.latentj.engine;

import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** 8 sessions on one shared model, decoding in 8 threads at once, give exactly the serial results. */
class SharedModelThreadsTest {
    static final int THREADS = 8;

    @TempDir
    Path tmp;

    @Test
    void eightSessionsInEightThreadsMatchSerialRuns() throws Exception {
        Path gguf = tmp.resolve("llama.gguf");
        HfConverter.convert(Fixtures.fixture("arch-llama"), gguf, GgmlType.F32, null);
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 1))) {
            float[][][] serial = new float[THREADS][][];
            for (int t = 0; t < THREADS; t++) serial[t] = run(m, t);
            try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                for (int round = 0; round < 3; round++) {
                    List<Future<float[][]>> fs = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        int id = t;
                        fs.add(pool.submit(() -> run(m, id)));
                    }
                    for (int t = 0; t < THREADS; t++) {
                        float[][] got = fs.get(t).get();
                        for (int p = 0; p < got.length; p++) {
                            assertArrayEquals(serial[t][p], got[p], "round " + round + ", thread " + t + ", position " + p
                                    + ": logits differ from the serial run");
                        }
                    }
                }
            }
        }
    }

    /** A prompt that depends on t, decoded in two batches; logits of every position. */
    private static float[][] run(Model m, int t) {
        int n = m.config().nVocab();
        try (Session s = m.newSession(Session.Options.of(1, 32))) {
            List<Row> a = new ArrayList<>(), b = new ArrayList<>();
            for (int p = 0; p < 12; p++) a.add(new Row.Token(0, p, (7 * t + 3 * p + 1) % n, Row.Output.LOGITS));
            for (int p = 12; p < 16; p++) b.add(new Row.Token(0, p, (5 * t + p) % n, Row.Output.LOGITS));
            float[][] out = new float[16][];
            s.decode(a);
            for (int i = 0; i < 12; i++) out[i] = s.logits(i);
            s.decode(b);
            for (int i = 0; i < 4; i++) out[12 + i] = s.logits(i);
            return out;
        }
    }
}
