package dev.latentj.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latentj.testing.AllocationBound;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** The restricted unpickler alone (with torch's hooks): a value or an IOException, bounded allocation. */
class TorchPickleFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void load(byte[] data) {
        AllocationBound.Mark before = AllocationBound.mark();
        try {
            RestrictedUnpickler.load(MemorySegment.ofArray(data), new TorchPickleHooks("fuzz.pkl"), "fuzz.pkl");
        } catch (IOException expected) {
            // rejected with a reason
        }
        AllocationBound.check(before, data.length, "unpickle");
    }
}
