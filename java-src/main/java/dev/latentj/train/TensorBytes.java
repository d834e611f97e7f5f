package dev.latentj.train;

import dev.latentj.gguf.TensorData;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;

/** F32 tensor data for a GGUF writer, read from the trainer only when the writer reaches it (big models stream). */
final class TensorBytes {
    private TensorBytes() {}

    static TensorData f32(Supplier<float[]> values) {
        return TensorData.streamed(out -> {
            float[] v = values.get();
            ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            while (b.hasRemaining()) out.write(b);
        });
    }
}
