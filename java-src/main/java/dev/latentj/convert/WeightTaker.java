package dev.latentj.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Takes expected weights out of a checkpoint, checking shapes, so that leftovers can be reported as unknown. */
final class WeightTaker {
    private final Map<String, Weight> left;
    final List<Weight> out = new ArrayList<>();

    WeightTaker(Map<String, Weight> weights) {
        this.left = new LinkedHashMap<>(weights);
    }

    boolean has(String name) { return left.containsKey(name); }

    /** Removes and returns a required weight of the given PyTorch shape. */
    Weight take(String name, long... shape) throws ConversionException {
        Weight w = left.remove(name);
        if (w == null) throw new ConversionException("missing tensor '" + name + "' (expected shape " + Arrays.toString(shape) + ")");
        if (!Arrays.equals(w.shape(), shape)) {
            throw new ConversionException("tensor '" + name + "' has shape " + w.shapeString() + ", config expects " + Arrays.toString(shape));
        }
        return w;
    }

    /** Like {@link #take} but null when absent. */
    Weight takeOptional(String name, long... shape) throws ConversionException {
        return left.containsKey(name) ? take(name, shape) : null;
    }

    void drop(String name) { left.remove(name); }

    /** Drops every remaining weight whose name ends with one of the suffixes (non-persistent buffers). */
    void dropSuffixes(String... suffixes) {
        left.keySet().removeIf(n -> Arrays.stream(suffixes).anyMatch(n::endsWith));
    }

    void emit(Weight w) { out.add(w); }

    List<Weight> finish() throws ConversionException {
        if (!left.isEmpty()) {
            throw new ConversionException("unexpected tensors not mapped to GGUF: " + new TreeSet<>(left.keySet()));
        }
        return out;
    }
}
