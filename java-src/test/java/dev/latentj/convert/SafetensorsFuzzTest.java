package dev.latentj.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latentj.testing.AllocationBound;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/** safetensors reader: parses (every tensor's first and last element readable) or ConversionException. */
class SafetensorsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        AllocationBound.Mark before = AllocationBound.mark();
        try {
            Map<String, SourceTensor> ts = SafetensorsReader.parse(MemorySegment.ofArray(data), new HashMap<>());
            for (SourceTensor t : ts.values()) TensorTouch.firstAndLast(t);
        } catch (ConversionException expected) {
            // rejected with a reason
        }
        AllocationBound.check(before, data.length, "safetensors parse");
    }
}
