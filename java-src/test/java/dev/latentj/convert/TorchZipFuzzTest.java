package dev.latentj.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latentj.testing.AllocationBound;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Restricted {@code pytorch_model.bin} reader (zip + pickle): reads (tensors are in-bounds slices) or throws an
 * IOException (CheckpointFormatException, UnsafePickleException). Never executes anything, never over-allocates.
 */
class TorchZipFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void read(byte[] data) {
        AllocationBound.Mark before = AllocationBound.mark();
        try {
            TorchCheckpoint c = TorchZipReader.read(MemorySegment.ofArray(data), "fuzz.bin");
            for (SourceTensor t : c.tensors().values()) TensorTouch.firstAndLast(t);
        } catch (IOException expected) {
            // rejected with a reason
        }
        AllocationBound.check(before, data.length, "torch zip read");
    }
}
