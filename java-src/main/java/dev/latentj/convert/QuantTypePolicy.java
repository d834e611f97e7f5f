package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

import java.util.List;

/**
 * llama-quantize's per-tensor types ({@code llama_tensor_get_type} in llama.cpp's src/llama-quant.cpp) for the
 * target types a conversion offers. A K-quant target means llama.cpp's "_M" mix (Q4_K = Q4_K_M, Q5_K = Q5_K_M),
 * matching general.file_type:
 * <ul>
 * <li>output.weight, and token_embd.weight when the output is tied to it, get Q6_K (Q8_0 stays Q8_0; Q8_0 when a
 *     row is not a whole number of the target's blocks);</li>
 * <li>Q4_K_M / Q5_K_M give attn_v (or fused attn_qkv) and ffn_down Q6_K on the layers {@code use_more_bits} picks;</li>
 * <li>a row that does not fit the chosen type's block falls back as llama.cpp does (Q4_K to Q5_0, Q5_K to Q5_1,
 *     Q6_K to Q8_0, then F16);</li>
 * <li>what llama.cpp never quantises (1-D, norms, position embeddings) and CODI's projection stay F32.</li>
 * </ul>
 * Plain targets (F32, F16, BF16) follow {@link TensorTypePolicy#DEFAULT}.
 *
 * @param tiedOutput   no output.weight: token_embd doubles as the output and is typed like it
 * @param nAttentionV  attn_v / attn_qkv tensors in the model (llama.cpp's n_attention_wv)
 * @param nLayers      blocks in the model (n_layer); -1 when unbound, which disables the per-layer bumps
 */
public record QuantTypePolicy(boolean tiedOutput, int nAttentionV, int nLayers) implements TensorTypePolicy {

    /** Not yet bound to a model: {@link #forModel} gives the real policy (HfConverter binds it). */
    public static final QuantTypePolicy LLAMA_CPP = new QuantTypePolicy(true, -1, -1);

    enum Category { OUTPUT, TOKEN_EMBD, ATTENTION_QKV, ATTENTION_V, ATTENTION_K, ATTENTION_Q, ATTENTION_OUTPUT, FFN_UP,
        FFN_GATE, FFN_DOWN, OTHER }

    @Override
    public QuantTypePolicy forModel(List<String> names) {
        int nV = 0, layers = 0;
        for (String n : names) {
            Category c = category(n);
            if (c == Category.ATTENTION_V || c == Category.ATTENTION_QKV) nV++;
            int l = layer(n);
            if (l >= layers) layers = l + 1;
        }
        return new QuantTypePolicy(!names.contains("output.weight"), nV, layers);
    }

    @Override
    public GgmlType typeFor(String name, long[] ne, GgmlType target) {
        if (!target.isQuantized() || TensorTypePolicy.keepsF32(name, ne)) return TensorTypePolicy.DEFAULT.typeFor(name, ne, target);
        return fallback(ne[0], mix(name, ne[0], target));
    }

    /** llama_tensor_get_type_impl, restricted to the branches the offered targets reach (no MoE, IQ, Falcon, 70B). */
    private GgmlType mix(String name, long nx, GgmlType target) {
        Category c = category(name);
        if (c == Category.OUTPUT || (tiedOutput && c == Category.TOKEN_EMBD)) {
            if (nx % target.blockSize() != 0) return GgmlType.Q8_0;
            return target == GgmlType.Q8_0 ? GgmlType.Q8_0 : GgmlType.Q6_K;
        }
        boolean mediumMix = target == GgmlType.Q4_K || target == GgmlType.Q5_K; // Q4_K_M, Q5_K_M
        if (c == Category.ATTENTION_V || c == Category.ATTENTION_QKV) {
            // llama.cpp's attn_v branch also takes attn_qkv (category_is_attn_v), before its own attn_qkv branch
            if (mediumMix && useMoreBits(layer(name), nAttentionV)) return GgmlType.Q6_K;
        } else if (c == Category.FFN_DOWN) {
            if (mediumMix && useMoreBits(layer(name), nLayers)) return GgmlType.Q6_K;
        }
        return target;
    }

    /** tensor_type_fallback: rows must hold whole blocks. */
    static GgmlType fallback(long nx, GgmlType t) {
        if (nx % t.blockSize() == 0) return t;
        GgmlType f = switch (t) {
            case Q2_K, Q3_K -> GgmlType.Q4_0;
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> t; // a 32-block type has no smaller block to demote to
        };
        return nx % f.blockSize() == 0 ? f : GgmlType.F16;
    }

    /** The first and last eighth of the layers, and every third one between. */
    static boolean useMoreBits(int i, int n) {
        if (n <= 0 || i < 0) return false;
        return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
    }

    static Category category(String n) {
        if (n.equals("output.weight")) return Category.OUTPUT;
        if (n.equals("token_embd.weight")) return Category.TOKEN_EMBD;
        if (n.contains("attn_qkv.weight")) return Category.ATTENTION_QKV;
        if (n.contains("attn_v.weight")) return Category.ATTENTION_V;
        if (n.contains("attn_k.weight")) return Category.ATTENTION_K;
        if (n.contains("attn_q.weight")) return Category.ATTENTION_Q;
        if (n.contains("attn_output.weight")) return Category.ATTENTION_OUTPUT;
        if (n.contains("ffn_up")) return Category.FFN_UP;
        if (n.contains("ffn_gate")) return Category.FFN_GATE;
        if (n.contains("ffn_down")) return Category.FFN_DOWN;
        return Category.OTHER;
    }

    /** N of "blk.N.", else -1. */
    static int layer(String n) {
        if (!n.startsWith("blk.")) return -1;
        int end = n.indexOf('.', 4);
        try {
            return end > 4 ? Integer.parseInt(n.substring(4, end)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
