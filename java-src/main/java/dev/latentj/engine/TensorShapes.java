package dev.latentj.engine;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufTensorInfo;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.Optional;

/**
 * The tensors each architecture's graph reads, with the shapes the hyper-parameters imply (ggml order), as
 * lj_model_load binds them (native/src/lj-model.cpp), and their types: vectors (norms, biases) F32, matrices
 * float or a common quantized type. Tensors the graph does not use are ignored.
 */
final class TensorShapes {
    /** Types a weight matrix may have (ggml's CPU backend multiplies and gathers rows of all of them). */
    static final Set<GgmlType> MATRIX_TYPES = EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0,
            GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K,
            GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_NL, GgmlType.IQ4_XS);
    private TensorShapes() {}

    static void check(ModelConfig c, GgufFile f) throws GgufException {
        long nEmbd = c.nEmbd(), nVocab = c.nVocab(), nFf = c.nFf();
        long nQ = (long) c.headDim() * c.nHead(), nKv = (long) c.headDim() * c.nHeadKv();
        need(f, "token_embd.weight", nEmbd, nVocab);
        need(f, "output_norm.weight", nEmbd);
        optional(f, "output.weight", nEmbd, nVocab);
        if (c.arch() == Arch.GPT2) {
            need(f, "position_embd.weight", nEmbd, c.nCtxTrain());
            need(f, "output_norm.bias", nEmbd);
            for (int il = 0; il < c.nLayer(); il++) {
                String b = "blk." + il + ".";
                need(f, b + "attn_norm.weight", nEmbd);
                need(f, b + "attn_norm.bias", nEmbd);
                need(f, b + "attn_qkv.weight", nEmbd, nQ + 2 * nKv);
                need(f, b + "attn_qkv.bias", nQ + 2 * nKv);
                need(f, b + "attn_output.weight", nQ, nEmbd);
                need(f, b + "attn_output.bias", nEmbd);
                need(f, b + "ffn_norm.weight", nEmbd);
                need(f, b + "ffn_norm.bias", nEmbd);
                need(f, b + "ffn_up.weight", nEmbd, nFf);
                need(f, b + "ffn_up.bias", nFf);
                need(f, b + "ffn_down.weight", nFf, nEmbd);
                need(f, b + "ffn_down.bias", nEmbd);
            }
        } else {
            optional(f, "rope_freqs.weight", c.headDim() / 2);
            for (int il = 0; il < c.nLayer(); il++) {
                String b = "blk." + il + ".";
                need(f, b + "attn_norm.weight", nEmbd);
                need(f, b + "attn_q.weight", nEmbd, nQ);
                need(f, b + "attn_k.weight", nEmbd, nKv);
                need(f, b + "attn_v.weight", nEmbd, nKv);
                need(f, b + "attn_output.weight", nQ, nEmbd);
                boolean biases = c.arch() == Arch.QWEN2;
                check(f, b + "attn_q.bias", biases, nQ);
                check(f, b + "attn_k.bias", biases, nKv);
                check(f, b + "attn_v.bias", biases, nKv);
                if (c.arch() == Arch.QWEN3) {
                    need(f, b + "attn_q_norm.weight", c.headDim());
                    need(f, b + "attn_k_norm.weight", c.headDim());
                }
                need(f, b + "ffn_norm.weight", nEmbd);
                need(f, b + "ffn_gate.weight", nEmbd, nFf);
                need(f, b + "ffn_up.weight", nEmbd, nFf);
                need(f, b + "ffn_down.weight", nFf, nEmbd);
            }
        }
        Optional<GgufTensorInfo> fc1 = f.tensor("codi.prj.fc1.weight");
        if (fc1.isPresent()) {
            long prj = fc1.get().ne(1);
            need(f, "codi.prj.fc1.weight", nEmbd, prj);
            need(f, "codi.prj.fc1.bias", prj);
            need(f, "codi.prj.fc2.weight", prj, nEmbd);
            need(f, "codi.prj.fc2.bias", nEmbd);
            boolean ln = f.tensor("codi.prj.ln.weight").isPresent();
            check(f, "codi.prj.ln.weight", false, nEmbd);
            check(f, "codi.prj.ln.bias", ln, nEmbd);
        }
    }

    private static void need(GgufFile f, String name, long... ne) throws GgufException {
        check(f, name, true, ne);
    }

    private static void optional(GgufFile f, String name, long... ne) throws GgufException {
        check(f, name, false, ne);
    }

    private static void check(GgufFile f, String name, boolean required, long... ne) throws GgufException {
        Optional<GgufTensorInfo> t = f.tensor(name);
        if (t.isEmpty()) {
            if (required) throw new GgufException("missing tensor '" + name + "'");
            return;
        }
        GgufTensorInfo info = t.get();
        if (ne.length == 1 ? info.type() != GgmlType.F32 : !MATRIX_TYPES.contains(info.type())) {
            throw new GgufException("tensor '" + name + "' has type " + info.type() + ", which the engine does not use for "
                    + (ne.length == 1 ? "vectors (F32 only)" : "weight matrices (" + MATRIX_TYPES + ")"));
        }
        boolean ok = info.nDims() <= 4;
        for (int i = 0; i < 4 && ok; i++) ok = info.ne(i) == (i < ne.length ? ne[i] : 1);
        if (!ok) {
            throw new GgufException("tensor '" + name + "' has shape " + Arrays.toString(info.ne())
                    + " but the hyper-parameters say " + Arrays.toString(ne));
        }
    }
}
