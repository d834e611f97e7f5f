package dev.latentj.speed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.latentj.speed.SpeedTest.Kind.LATENT;
import static dev.latentj.speed.SpeedTest.Kind.PROMPT;
import static dev.latentj.speed.SpeedTest.Kind.SOFT;
import static dev.latentj.speed.SpeedTest.Kind.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeedPlanTest {
    @Test
    void llamaBenchOrderPerBatchAndDepth() {
        List<SpeedTest> t = SpeedPlan.tests(List.of(512), List.of(128), List.of(0, 4096), List.of(1, 8), List.of(TOKEN, SOFT));
        assertEquals(12, t.size());
        assertEquals(new SpeedTest(PROMPT, 512, 0, 1), t.get(0));
        assertEquals(new SpeedTest(TOKEN, 128, 0, 1), t.get(1));
        assertEquals(new SpeedTest(SOFT, 128, 0, 1), t.get(2));
        assertEquals(new SpeedTest(PROMPT, 512, 4096, 1), t.get(3));
        assertEquals(new SpeedTest(SOFT, 128, 4096, 8), t.get(11));
    }

    @Test
    void zeroMeansNoSuchTestAndRepeatsCountOnce() {
        assertEquals(List.of(new SpeedTest(LATENT, 16, 0, 1)),
                SpeedPlan.tests(List.of(0), List.of(16, 16), List.of(0), List.of(1, 1), List.of(LATENT)));
        assertEquals(List.of(new SpeedTest(PROMPT, 64, 0, 2)), SpeedPlan.tests(List.of(64), List.of(0), List.of(0), List.of(2), List.of(TOKEN)));
        assertEquals(List.of(), SpeedPlan.tests(List.of(0), List.of(0), List.of(0), List.of(1), List.of(TOKEN)));
    }

    @Test
    void namesAndLabelsFollowLlamaBench() {
        assertEquals("pp512", new SpeedTest(PROMPT, 512, 0, 1).name());
        assertEquals("tg128 @ d4096", new SpeedTest(TOKEN, 128, 4096, 1).label());
        assertEquals("latent128", new SpeedTest(LATENT, 128, 0, 1).label());
        assertEquals("soft128", new SpeedTest(SOFT, 128, 0, 32).name());
        assertEquals(128 * 32, new SpeedTest(SOFT, 128, 0, 32).tokens());
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SpeedTest(TOKEN, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SpeedTest(TOKEN, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SpeedTest(TOKEN, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SpeedTest.Kind.ofStep("tokens"));
        assertThrows(IllegalArgumentException.class, () -> SpeedPlan.tests(List.of(1), List.of(1), List.of(0), List.of(1), List.of(PROMPT)));
    }

    @Test
    void statisticsAreLlamaBenchs() {
        SpeedResult r = new SpeedResult(new SpeedTest(TOKEN, 1, 0, 1), new double[] {10, 12, 14});
        assertEquals(12, r.mean(), 1e-12);
        assertEquals(2, r.stddev(), 1e-12); // sample standard deviation
        assertEquals(0, new SpeedResult(new SpeedTest(TOKEN, 1, 0, 1), new double[] {5}).stddev());
        assertThrows(IllegalArgumentException.class, () -> new SpeedResult(new SpeedTest(TOKEN, 1, 0, 1), new double[0]));
    }
}
