package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

import java.util.List;

/** Decides each output tensor's ggml type; the hook where quantisation recipes plug in. */
@FunctionalInterface
public interface TensorTypePolicy {

    /**
     * {@return the ggml type to write the tensor as}
     *
     * @param name   GGUF tensor name
     * @param ne     ggml shape (ne[0] = row length)
     * @param target the requested file type (F32, F16, BF16 or a quantised type)
     */
    GgmlType typeFor(String name, long[] ne, GgmlType target);

    /**
     * The policy for one model, given all its GGUF tensor names in file order. Rules that depend on the whole model
     * (llama.cpp's: is the output tied to the embedding? which layers get more bits?) bind here; the default has none.
     *
     * @param tensorNames every GGUF tensor name of the model, in file order
     * @return the policy to ask about each tensor of that model
     */
    default TensorTypePolicy forModel(List<String> tensorNames) { return this; }

    /**
     * llama.cpp's converter rule: 1-D tensors, norms, biases (anything not ".weight"), position embeddings and
     * rope_freqs stay F32; CODI projection tensors stay F32 (small, and the latent loop is precision-sensitive);
     * the rest gets the target type, falling back to F16 when a row is not a whole number of quantisation blocks.
     */
    TensorTypePolicy DEFAULT = (name, ne, target) -> {
        if (keepsF32(name, ne)) return GgmlType.F32;
        if (target.isQuantized() && ne[0] % target.blockSize() != 0) return GgmlType.F16;
        return target;
    };

    /**
     * {@return whether the tensor stays F32 whatever the target} True for what no recipe converts or quantises: 1-D
     * tensors, norms, non-weights, position embeddings, CODI's projection.
     *
     * @param name GGUF tensor name
     * @param ne   ggml shape
     */
    static boolean keepsF32(String name, long[] ne) {
        return ne.length <= 1 || name.endsWith("_norm.weight") || !name.endsWith(".weight")
                || name.equals("position_embd.weight") || name.startsWith("codi.");
    }
}
