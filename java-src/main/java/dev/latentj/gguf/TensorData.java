package dev.latentj.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.WritableByteChannel;

/** The bytes of a tensor for {@link GgufWriter}: in memory, or produced on demand so big models stream. */
public sealed interface TensorData {

    /** Bytes already in a segment (e.g. a slice of a mapped source file). */
    record Bytes(MemorySegment segment) implements TensorData {}

    /** Writes exactly the tensor's byte size to the channel when the writer reaches this tensor. */
    record Streamed(Producer producer) implements TensorData {}

    @FunctionalInterface
    interface Producer {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    static TensorData of(MemorySegment segment) { return new Bytes(segment); }

    static TensorData streamed(Producer producer) { return new Streamed(producer); }
}
