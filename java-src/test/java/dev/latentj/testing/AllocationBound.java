package dev.latentj.testing;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * Measures what the current thread allocates on the heap, to check that parsing a file allocates at most a
 * small multiple of its size (a hostile length or count must not make a reader allocate for it).
 * A call that loaded classes is not judged: loading (and a fuzzer's instrumentation of the new classes)
 * allocates on the same thread.
 */
public final class AllocationBound {
    /** Bytes a parse may allocate per input byte, plus {@link #SLACK}: strings and boxed values cost ~32x a 1-byte length. */
    public static final long FACTOR = 64;
    public static final long SLACK = 16L << 20;

    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private AllocationBound() {}

    /** A mark to pass to {@link #check}. */
    public record Mark(long bytes, long classes) {}

    public static Mark mark() {
        return new Mark(BEAN.getCurrentThreadAllocatedBytes(), CLASSES.getTotalLoadedClassCount());
    }

    /** Throws AssertionError if the allocation since {@code mark} exceeds the bound for {@code inputBytes}. */
    public static void check(Mark mark, long inputBytes, String what) {
        long used = BEAN.getCurrentThreadAllocatedBytes() - mark.bytes();
        if (CLASSES.getTotalLoadedClassCount() != mark.classes()) return;
        long limit = FACTOR * inputBytes + SLACK;
        if (used > limit) {
            throw new AssertionError(what + " allocated " + used + " bytes for a " + inputBytes
                    + "-byte input (limit " + limit + ")");
        }
    }
}
