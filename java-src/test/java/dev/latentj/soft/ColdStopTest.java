package dev.latentj.soft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class ColdStopTest {

    @ParameterizedTest(name = "patience {0}")
    @ValueSource(ints = {1, 2, 5, 256})
    void firesAtExactlyThePatienceThConsecutiveLowEntropyStep(int patience) {
        ColdStop cs = new ColdStop(0.01f, patience);
        for (int i = 1; i < patience; i++) assertFalse(cs.step(0.001f), "fired early at low step " + i + " of " + patience);
        assertTrue(cs.step(0.001f), "did not fire at low step " + patience);
        assertEquals(0, cs.lowEntropySteps(), "count resets after firing");
    }

    @Test
    void aStepAtOrAboveTheThresholdResetsTheCount() {
        ColdStop cs = new ColdStop(0.01f, 3);
        assertFalse(cs.step(0.005f));
        assertFalse(cs.step(0.005f));
        assertFalse(cs.step(0.01f), "H = τ is not below τ");
        assertEquals(0, cs.lowEntropySteps());
        assertFalse(cs.step(0.005f));
        assertFalse(cs.step(0.005f));
        assertTrue(cs.step(0.005f), "three consecutive again");
    }

    @Test
    void nonPositiveThresholdDisablesIt() {
        for (float tau : new float[] {0f, -1f}) {
            ColdStop cs = new ColdStop(tau, 1);
            assertFalse(cs.enabled());
            for (int i = 0; i < 100; i++) assertFalse(cs.step(-5f), "τ = " + tau + " fired at step " + i);
        }
    }
}
