package dev.latentj.bench;

import dev.latentj.engine.Backend;
import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One decoding step of each kind, on the same model at the same position (each invocation
 * re-decodes position P, which drops what the previous one left there):
 * a greedy token step (token row, logits, argmax on the device), a CODI latent step (prj(h) fed
 * back on the device, no logits), and a Soft Thinking step (a 10-token concept token in, the
 * device's top-30 and entropy out).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StepBench {
    @Param("models/codi-gpt2-tiny-q8_0.gguf")
    public String model;

    @Param("0")
    public int threads;

    static final int[] PROMPT = {1858, 389, 807, 10559, 351, 860, 29707, 287, 1123, 3091, 13, 4974, 29707, 389, 2077, 503,
            13, 1374, 867, 29707, 389, 1364, 30, 50258};
    static final int[] MIX_IDS = {16791, 23, 9, 24, 28, 4761, 4211, 464, 3280, 318};
    static final float[] MIX_W = {0.5f, 0.1f, 0.08f, 0.07f, 0.06f, 0.05f, 0.05f, 0.04f, 0.03f, 0.02f};

    Model m;
    Session s;
    int pos;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        m = Model.load(Path.of(model), new Model.Options(Backend.AUTO, threads));
        s = m.newSession(Session.Options.of(1, 64));
        Generation.prefill(s, new int[] {0}, List.of(PROMPT), Row.Output.HIDDEN);
        pos = PROMPT.length;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        m.close();
    }

    @Benchmark
    public int greedyTokenStep() {
        s.setReduce(0, 1f, 50259);
        s.decode(List.of(new Row.Token(0, pos, 464, Row.Output.LOGITS)));
        return s.argmax(0);
    }

    @Benchmark
    public void latentStep() {
        s.removePositions(0, pos, -1);
        s.latentLoop(new int[] {0}, 1, false, false);
    }

    @Benchmark
    public float softStep() {
        s.setReduce(30, 0.6f, 50257);
        s.decode(List.of(new Row.Mixture(0, pos, MIX_IDS, MIX_W, Row.Output.LOGITS)));
        return s.topK(0, 30).entropy();
    }
}
