package dev.latentj.engine;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;

/**
 * Hyper-parameters of a model, read from GGUF metadata with llama.cpp's keys, the same for every architecture,
 * and checked against the tensors; the rules of one architecture are the native engine's (lj_model_check).
 */
public record ModelConfig(Arch arch, int nVocab, int nEmbd, int nLayer, int nHead, int nHeadKv, int headDim,
                          int nFf, int nCtxTrain, float normEps, float ropeFreqBase) {

    public static ModelConfig from(GgufFile file) throws GgufException {
        GgufMetadata md = file.metadata();
        Arch arch;
        try {
            arch = Arch.fromGguf(md.getString("general.architecture"));
        } catch (IllegalArgumentException e) {
            throw new GgufException(e.getMessage());
        }
        String a = arch.ggufName();
        GgufTensorInfo embd = file.tensor("token_embd.weight")
                .orElseThrow(() -> new GgufException("missing tensor 'token_embd.weight'"));
        if (embd.nDims() != 2) throw new GgufException("token_embd.weight must be 2-D, has " + embd.nDims() + " dimensions");
        int nEmbd = positive(md, a + ".embedding_length");
        int nLayer = positive(md, a + ".block_count");
        int nHead = positive(md, a + ".attention.head_count");
        int nHeadKv = md.has(a + ".attention.head_count_kv") ? positive(md, a + ".attention.head_count_kv") : nHead;
        if (!md.has(a + ".attention.key_length") && nEmbd % nHead != 0) {
            throw new GgufException("head_count " + nHead + " does not divide embedding_length " + nEmbd);
        }
        int headDim = md.has(a + ".attention.key_length") ? positive(md, a + ".attention.key_length") : nEmbd / nHead;
        int nFf = positive(md, a + ".feed_forward_length");
        int nCtx = positive(md, a + ".context_length");
        float eps = md.getFloat(a + (arch.layerNorm() ? ".attention.layer_norm_epsilon" : ".attention.layer_norm_rms_epsilon"));
        float ropeBase = md.getFloatOrDefault(a + ".rope.freq_base", 10000.0f);

        long nVocab = embd.ne(1);
        if (embd.ne(0) != nEmbd) {
            throw new GgufException("token_embd.weight has width " + embd.ne(0) + " but " + a + ".embedding_length is " + nEmbd);
        }
        if (nVocab > Integer.MAX_VALUE) throw new GgufException("vocabulary of " + nVocab + " rows is too large");
        if (md.has(a + ".vocab_size") && md.getLong(a + ".vocab_size") != nVocab) {
            throw new GgufException(a + ".vocab_size " + md.getLong(a + ".vocab_size") + " disagrees with token_embd.weight rows " + nVocab);
        }
        // every block has several tensors: a block count beyond the tensor count is a lie, not a reason to allocate
        if (nLayer > file.tensors().size()) {
            throw new GgufException(a + ".block_count " + nLayer + " exceeds the " + file.tensors().size() + " tensors in the file");
        }
        if (nHead % nHeadKv != 0) throw new GgufException("head_count " + nHead + " is not a multiple of head_count_kv " + nHeadKv);
        if (!(eps > 0 && eps < 1)) throw new GgufException("norm epsilon " + eps + " out of range");
        if (!(ropeBase > 0) || Float.isInfinite(ropeBase)) throw new GgufException("rope.freq_base " + ropeBase + " out of range");
        return new ModelConfig(arch, (int) nVocab, nEmbd, nLayer, nHead, nHeadKv, headDim, nFf, nCtx, eps, ropeBase);
    }

    private static int positive(GgufMetadata md, String key) throws GgufException {
        long v = md.getLong(key);
        if (v <= 0 || v > (1 << 24)) throw new GgufException(key + " = " + v + " is out of range");
        return (int) v;
    }
}
