package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.latentj.gguf.GgmlType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** llama-quantize's per-tensor choices (llama_tensor_get_type), case by case. */
class QuantTypePolicyTest {
    /** GPT-2 with 4 blocks and no output.weight (tied), as codi-gpt2-tiny converts. */
    static List<String> gpt2Names(int layers, boolean withOutput) {
        List<String> n = new ArrayList<>(List.of("token_embd.weight", "position_embd.weight"));
        for (int i = 0; i < layers; i++) {
            for (String t : new String[] {"attn_norm.weight", "attn_qkv.weight", "attn_qkv.bias", "attn_output.weight", "ffn_up.weight", "ffn_down.weight"}) {
                n.add("blk." + i + "." + t);
            }
        }
        n.add("output_norm.weight");
        if (withOutput) n.add("output.weight");
        return n;
    }

    static GgmlType type(TensorTypePolicy p, String name, long ne0, GgmlType target) {
        return p.typeFor(name, name.endsWith(".bias") || name.contains("_norm") ? new long[] {ne0} : new long[] {ne0, 64}, target);
    }

    @Test
    void tiedEmbeddingIsTypedAsTheOutput() {
        TensorTypePolicy tied = QuantTypePolicy.LLAMA_CPP.forModel(gpt2Names(4, false));
        TensorTypePolicy untied = QuantTypePolicy.LLAMA_CPP.forModel(gpt2Names(4, true));
        for (GgmlType t : new GgmlType[] {Q4_0, Q4_K, Q5_K, Q6_K}) {
            assertEquals(Q6_K, type(tied, "token_embd.weight", 256, t), "tied token_embd at " + t);
            assertEquals(t, type(untied, "token_embd.weight", 256, t), "untied token_embd at " + t);
            assertEquals(Q6_K, type(untied, "output.weight", 256, t), "output at " + t);
        }
        assertEquals(Q8_0, type(tied, "token_embd.weight", 256, Q8_0), "Q8_0 keeps Q8_0");
        // a row that is not a whole number of the target's blocks: Q8_0 (llama.cpp's nx % qk_k rule)
        assertEquals(Q8_0, type(untied, "output.weight", 64, Q4_K), "output with 64-wide rows at Q4_K");
        assertEquals(F16, type(untied, "output.weight", 48, Q4_K), "output with 48-wide rows: Q8_0 does not fit either");
    }

    @Test
    void mediumMixesGiveMoreBitsToAttnVAndFfnDownOnUseMoreBitsLayers() {
        TensorTypePolicy p = QuantTypePolicy.LLAMA_CPP.forModel(gpt2Names(4, false));
        // use_more_bits(i, 4): layers 2 and 3
        GgmlType[] want = {Q4_K, Q4_K, Q6_K, Q6_K};
        for (int i = 0; i < 4; i++) {
            assertEquals(want[i], type(p, "blk." + i + ".attn_qkv.weight", 256, Q4_K), "attn_qkv layer " + i + " at Q4_K_M");
            assertEquals(want[i], type(p, "blk." + i + ".ffn_down.weight", 1024, Q4_K), "ffn_down layer " + i + " at Q4_K_M");
            assertEquals(Q4_K, type(p, "blk." + i + ".attn_output.weight", 256, Q4_K), "attn_output layer " + i);
            assertEquals(Q4_0, type(p, "blk." + i + ".ffn_down.weight", 1024, Q4_0), "Q4_0 has no mix, layer " + i);
            assertEquals(i >= 2 ? Q6_K : Q5_K, type(p, "blk." + i + ".attn_qkv.weight", 256, Q5_K), "attn_qkv layer " + i + " at Q5_K_M");
        }
        boolean[] more32 = new boolean[32];
        for (int i = 0; i < 32; i++) more32[i] = QuantTypePolicy.useMoreBits(i, 32);
        // llama.cpp: i < n/8 || i >= 7n/8 || (i - n/8) % 3 == 2
        assertEquals("0,1,2,3,6,9,12,15,18,21,24,27,28,29,30,31", indices(more32));
    }

    @Test
    void kQuantFallbacksWhenRowsDoNotHold256() {
        TensorTypePolicy p = QuantTypePolicy.LLAMA_CPP.forModel(List.of("token_embd.weight", "output.weight", "blk.0.ffn_up.weight"));
        assertEquals(Q5_0, type(p, "blk.0.ffn_up.weight", 64, Q4_K));
        assertEquals(Q5_1, type(p, "blk.0.ffn_up.weight", 64, Q5_K));
        assertEquals(Q8_0, type(p, "blk.0.ffn_up.weight", 64, Q6_K));
        assertEquals(F16, type(p, "blk.0.ffn_up.weight", 172, Q4_K), "172 is not a multiple of 32 either");
        assertEquals(F16, type(p, "blk.0.ffn_up.weight", 48, Q8_0));
    }

    @Test
    void whatLlamaCppNeverQuantisesStaysF32() {
        TensorTypePolicy p = QuantTypePolicy.LLAMA_CPP.forModel(gpt2Names(4, false));
        for (String n : new String[] {"blk.0.attn_norm.weight", "blk.0.attn_qkv.bias", "output_norm.weight"}) {
            assertEquals(F32, type(p, n, 256, Q4_K), n);
        }
        assertEquals(F32, p.typeFor("position_embd.weight", new long[] {256, 256}, Q4_K), "position_embd");
        assertEquals(F32, p.typeFor("codi.prj.fc1.weight", new long[] {256, 256}, Q8_0), "CODI projection");
        assertEquals(F16, p.typeFor("blk.0.ffn_up.weight", new long[] {256, 1024}, F16), "plain targets: the default rule");
    }

    static String indices(boolean[] b) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < b.length; i++) if (b[i]) s.add(String.valueOf(i));
        return String.join(",", s);
    }
}
