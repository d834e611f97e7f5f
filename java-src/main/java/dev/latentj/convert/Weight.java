package dev.latentj.convert;

import java.io.IOException;
import java.util.Arrays;

/**
 * A named tensor in PyTorch layout (shape outermost first, row-major) whose float values are produced on demand,
 * so a conversion holds one tensor in memory at a time. Transformations (transpose, permute, LoRA merge) compose
 * loaders instead of materialising intermediate checkpoints.
 *
 * @param name   the tensor's name: HF's before mapping, GGUF's after
 * @param shape  the shape in PyTorch order; copied in and out
 * @param values produces the values when the tensor is written
 */
public record Weight(String name, long[] shape, Loader values) {

    /** Produces a tensor's values. */
    @FunctionalInterface
    public interface Loader {
        /**
         * {@return the values in row-major order, one per element of the weight's shape}
         *
         * @throws IOException when the checkpoint cannot be read
         */
        float[] load() throws IOException;
    }

    /** Copies the shape, so the record stays immutable. */
    public Weight {
        shape = shape.clone();
    }

    /** {@return a copy of the shape} */
    @Override
    public long[] shape() { return shape.clone(); }

    /**
     * {@return dimension {@code i}, 0 for the outermost}
     *
     * @param i the dimension
     */
    public long dim(int i) { return shape[i]; }

    /** {@return the number of dimensions} */
    public int rank() { return shape.length; }

    /**
     * {@return the number of elements}
     *
     * @throws ArithmeticException when it overflows a long
     */
    public long numel() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /**
     * {@return the values, checked against the shape}
     *
     * @throws IOException           when the checkpoint cannot be read
     * @throws IllegalStateException when the loader produced the wrong number of values
     */
    public float[] load() throws IOException {
        float[] v = values.load();
        if (v.length != numel()) {
            throw new IllegalStateException(name + ": loader produced " + v.length + " values for shape " + Arrays.toString(shape));
        }
        return v;
    }

    /**
     * {@return the same values under another name}
     *
     * @param newName the name
     */
    public Weight renamed(String newName) { return new Weight(newName, shape, values); }

    /**
     * {@return a weight that reads {@code t} as floats when loaded}
     *
     * @param t a tensor read from a checkpoint
     */
    public static Weight of(SourceTensor t) {
        return new Weight(t.name(), t.shape(), t::toFloats);
    }

    /** {@return the shape as messages print it, e.g. "[768, 2304]"} */
    public String shapeString() { return Arrays.toString(shape); }
}
