package dev.latentj.gguf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latentj.engine.ModelChecks;
import dev.latentj.testing.AllocationBound;

import java.lang.foreign.MemorySegment;

/**
 * GGUF reader fuzz target. Expected outcome for any input: it parses, or {@link GgufException}; the model
 * checks then accept it or throw GgufException. Anything else (NPE, index or arithmetic errors, OOM) is a bug,
 * and so is allocating more than {@link AllocationBound} allows.
 */
class GgufFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        AllocationBound.Mark before = AllocationBound.mark();
        try {
            GgufFile f = GgufFile.parse(MemorySegment.ofArray(data), null);
            for (String k : f.metadata().keys()) f.metadata().raw(k);
            for (GgufTensorInfo t : f.tensors()) {
                MemorySegment s = f.tensorData(t);
                if (s.byteSize() != t.byteSize()) throw new AssertionError(t + ": slice of " + s.byteSize() + " bytes");
            }
            ModelChecks.validate(f);
        } catch (GgufException expected) {
            // rejected with a reason
        }
        AllocationBound.check(before, data.length, "GGUF parse");
    }
}
