package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** ggml's quantisation through FFM: sizes per type, and Q8_0's layout decoded by hand. */
class GgmlQuantizerTest {
    static float[] randoms(int n) {
        Random r = new Random(7);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void everyOfferedTypeFillsExactlyItsRowBytes() {
        float[] v = randoms(300 * 512); // more rows than one parallel task
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K}) {
            MemorySegment q = GgmlQuantizer.INSTANCE.quantize(t, v, 300, 512);
            assertEquals(300 * t.rowBytes(512), q.byteSize(), t + " bytes");
        }
    }

    @Test
    void q8_0BlocksAreScaleThenInt8s() {
        float[] v = randoms(2 * 64);
        MemorySegment q = GgmlQuantizer.INSTANCE.quantize(GgmlType.Q8_0, v, 2, 64);
        var f16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < 4; b++) {
            float d = Float.float16ToFloat(q.get(f16, b * 34L));
            float amax = 0;
            for (int i = 0; i < 32; i++) amax = Math.max(amax, Math.abs(v[b * 32 + i]));
            assertEquals(amax / 127, d, amax / 127 * 1e-3, "block " + b + " scale");
            for (int i = 0; i < 32; i++) {
                float got = d * q.get(ValueLayout.JAVA_BYTE, b * 34L + 2 + i);
                assertEquals(v[b * 32 + i], got, d * 0.51, "block " + b + " element " + i);
            }
        }
    }

    @Test
    void rowsThatDoNotHoldWholeBlocksAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> GgmlQuantizer.INSTANCE.quantize(GgmlType.Q4_K, new float[64], 1, 64));
        assertTrue(e.getMessage().contains("Q4_K"), e.getMessage());
    }
}
