package dev.latentj.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.WritableByteChannel;

/** The bytes of a tensor for {@link GgufWriter}: in memory, or produced on demand so big models stream. */
public sealed interface TensorData {

    /**
     * Bytes already in a segment (e.g. a slice of a mapped source file).
     *
     * @param segment exactly the tensor's bytes
     */
    record Bytes(MemorySegment segment) implements TensorData {}

    /**
     * Bytes produced when the writer reaches this tensor, so a converted model never sits in memory whole.
     *
     * @param producer writes exactly the tensor's byte size
     */
    record Streamed(Producer producer) implements TensorData {}

    /** Writes a tensor's bytes on demand. */
    @FunctionalInterface
    interface Producer {
        /**
         * Writes the tensor's bytes.
         *
         * @param out the file being written, at the tensor's first byte; not to be closed
         * @throws IOException when the bytes cannot be read or converted, or writing fails
         */
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /**
     * {@return bytes in memory}
     *
     * @param segment exactly the tensor's bytes
     */
    static TensorData of(MemorySegment segment) { return new Bytes(segment); }

    /**
     * {@return bytes produced on demand}
     *
     * @param producer writes exactly the tensor's byte size
     */
    static TensorData streamed(Producer producer) { return new Streamed(producer); }
}
