package dev.latentj.bench;

import dev.latentj.reason.FinishReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MetricsTest {
    @Test
    void nearestRankPercentiles() {
        double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, Metrics.percentile(ten, 50));
        assertEquals(10, Metrics.percentile(ten, 95));
        assertEquals(1, Metrics.percentile(ten, 0));
        assertEquals(7, Metrics.percentile(new double[]{7}, 95));
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) hundred[i] = i + 1;
        assertEquals(50, Metrics.percentile(hundred, 50));
        assertEquals(95, Metrics.percentile(hundred, 95));
    }

    @Test
    void oneRunHasNoSampleFields() {
        List<Outcome> run = run(new boolean[]{true, false, true, true}, 0);
        ModeResult r = Metrics.aggregate(4, List.of(run), 2_000_000_000L);
        assertEquals(0.75, r.accuracy());
        assertEquals(2.0, r.problemsPerS());
        assertEquals(1.5, r.meanReasoningPositions()); // positions 0,1,2,3
        assertEquals(20.0, r.latencyMsP50());           // latencies 10,20,30,40
        assertEquals(40.0, r.latencyMsP95());
        assertNull(r.samples());
        assertNull(r.passAtK());
        assertNull(r.meanPassAt1());
        assertEquals((2 + 4 + 6) / 3.0, r.meanAnswerTokens()); // problem 0's runner counted none
    }

    @Test
    void samplesGivePassAtKAndMeanPassAt1() {
        List<List<Outcome>> runs = List.of(
                run(new boolean[]{true, false, false, false}, 0),
                run(new boolean[]{true, true, false, false}, 1),
                run(new boolean[]{false, false, true, false}, 2));
        ModeResult r = Metrics.aggregate(4, runs, 1_000_000_000L);
        assertEquals(3, r.samples());
        assertEquals(0.75, r.passAtK());                    // problems 0, 1, 2
        assertEquals((0.25 + 0.5 + 0.25) / 3, r.meanPassAt1(), 1e-15);
        assertEquals(r.meanPassAt1(), r.accuracy());        // accuracy is the mean pass@1
        assertEquals(12.0, r.problemsPerS());               // every generation counts
        assertEquals(12, r.predictions().size());
    }

    private static List<Outcome> run(boolean[] correct, int sample) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < correct.length; i++) {
            var p = new ScoredPrediction(i, "t", 1.0, correct[i], null, sample, i, i == 0 ? null : 2 * i, FinishReason.STOP, 10.0 * (i + 1));
            out.add(new Outcome(p, i, 10.0 * (i + 1)));
        }
        return out;
    }
}
