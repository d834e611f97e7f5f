package dev.latentj.convert;

/** Reads a source tensor's first and last element, so a slice that lies about its extent fails in a fuzz run. */
final class TensorTouch {
    private TensorTouch() {}

    static void firstAndLast(SourceTensor t) {
        long n = t.numel();
        if (t.data().byteSize() != n * t.dtype().bytes) {
            throw new AssertionError(t.name() + ": " + t.data().byteSize() + " bytes for " + n + " elements");
        }
        if (n > 0) {
            t.get(0);
            t.get(n - 1);
        }
    }
}
