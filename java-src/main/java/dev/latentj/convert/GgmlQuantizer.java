package dev.latentj.convert;

import dev.latentj.bindings.latentj_h;
import dev.latentj.gguf.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.LongStream;

/**
 * {@link Quantizer} backed by ggml's own quantisation ({@code lj_quantize} = ggml_quantize_chunk), so the bytes are
 * what llama-quantize writes for the same type and floats. Row chunks are quantised in parallel (ggml's reference
 * quantisers are row-independent and need no init for the Q*_0 / K types).
 */
public final class GgmlQuantizer implements Quantizer {
    /** Rows per parallel task: large enough that the downcall overhead is noise. */
    private static final long ROWS_PER_TASK = 256;

    /** The one instance: it holds no state. */
    public static final GgmlQuantizer INSTANCE = new GgmlQuantizer();

    private GgmlQuantizer() {}

    @Override
    public MemorySegment quantize(GgmlType type, float[] src, long nRows, long nPerRow) {
        if (Math.multiplyExact(nRows, nPerRow) != src.length) {
            throw new IllegalArgumentException(type + ": " + src.length + " floats is not " + nRows + " x " + nPerRow);
        }
        long rowBytes = latentj_h.lj_type_row_size(type.id(), nPerRow);
        if (rowBytes < 0) throw new IllegalArgumentException(type + ": cannot hold rows of " + nPerRow);
        byte[] out = new byte[Math.toIntExact(Math.multiplyExact(rowBytes, nRows))];
        long tasks = (nRows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        LongStream.range(0, tasks).parallel().forEach(t -> {
            long r0 = t * ROWS_PER_TASK, rows = Math.min(ROWS_PER_TASK, nRows - r0);
            chunk(type, src, out, r0, rows, nPerRow, rowBytes);
        });
        return MemorySegment.ofArray(out);
    }

    private static void chunk(GgmlType type, float[] src, byte[] out, long r0, long rows, long nPerRow, long rowBytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = a.allocate(ValueLayout.JAVA_FLOAT, rows * nPerRow);
            MemorySegment.copy(src, (int) (r0 * nPerRow), in, ValueLayout.JAVA_FLOAT, 0, (int) (rows * nPerRow));
            MemorySegment dst = a.allocate(rows * rowBytes, 64);
            MemorySegment written = a.allocate(ValueLayout.JAVA_LONG);
            int st = latentj_h.lj_quantize(type.id(), in, dst, dst.byteSize(), rows, nPerRow, written);
            if (st != latentj_h.LJ_OK()) {
                String msg = latentj_h.lj_last_error().reinterpret(4096).getString(0);
                throw new IllegalArgumentException("quantising rows " + r0 + ".." + (r0 + rows) + " to " + type + ": " + msg);
            }
            if (written.get(ValueLayout.JAVA_LONG, 0) != dst.byteSize()) {
                throw new IllegalStateException(type + ": ggml wrote " + written.get(ValueLayout.JAVA_LONG, 0) + " bytes, expected " + dst.byteSize());
            }
            MemorySegment.copy(dst, ValueLayout.JAVA_BYTE, 0, out, (int) (r0 * rowBytes), (int) dst.byteSize());
        }
    }
}
