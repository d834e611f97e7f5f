package dev.latentj.convert;

import java.io.IOException;
import java.util.Arrays;

/**
 * A named tensor in PyTorch layout (shape outermost first, row-major) whose float values are produced on demand,
 * so a conversion holds one tensor in memory at a time. Transformations (transpose, permute, LoRA merge) compose
 * loaders instead of materialising intermediate checkpoints.
 */
public record Weight(String name, long[] shape, Loader values) {

    @FunctionalInterface
    public interface Loader {
        float[] load() throws IOException;
    }

    public Weight {
        shape = shape.clone();
    }

    @Override
    public long[] shape() { return shape.clone(); }

    public long dim(int i) { return shape[i]; }

    public int rank() { return shape.length; }

    public long numel() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public float[] load() throws IOException {
        float[] v = values.load();
        if (v.length != numel()) {
            throw new IllegalStateException(name + ": loader produced " + v.length + " values for shape " + Arrays.toString(shape));
        }
        return v;
    }

    /** The same values under another name. */
    public Weight renamed(String newName) { return new Weight(newName, shape, values); }

    public static Weight of(SourceTensor t) {
        return new Weight(t.name(), t.shape(), t::toFloats);
    }

    public String shapeString() { return Arrays.toString(shape); }
}
