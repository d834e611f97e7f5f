package dev.latentj.engine;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufKeys;
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
            arch = Arch.fromGguf(md.getString(GgufKeys.GENERAL_ARCHITECTURE));
        } catch (IllegalArgumentException e) {
            throw new GgufException(e.getMessage());
        }
        String a = arch.ggufName();
        GgufTensorInfo embd = file.tensor("token_embd.weight")
                .orElseThrow(() -> new GgufException("missing tensor 'token_embd.weight'"));
        if (embd.nDims() != 2) throw new GgufException("token_embd.weight must be 2-D, has " + embd.nDims() + " dimensions");
        int nEmbd = positive(md, GgufKeys.embeddingLength(a));
        int nLayer = positive(md, GgufKeys.blockCount(a));
        int nHead = positive(md, GgufKeys.headCount(a));
        int nHeadKv = md.has(GgufKeys.headCountKv(a)) ? positive(md, GgufKeys.headCountKv(a)) : nHead;
        if (!md.has(GgufKeys.keyLength(a)) && nEmbd % nHead != 0) {
            throw new GgufException("head_count " + nHead + " does not divide embedding_length " + nEmbd);
        }
        int headDim = md.has(GgufKeys.keyLength(a)) ? positive(md, GgufKeys.keyLength(a)) : nEmbd / nHead;
        int nFf = positive(md, GgufKeys.feedForwardLength(a));
        int nCtx = positive(md, GgufKeys.contextLength(a));
        float eps = arch.layerNorm() ? md.getFloat(GgufKeys.layerNormEpsilon(a))
                : md.getFloat(GgufKeys.layerNormRmsEpsilon(a));
        float ropeBase = md.getFloatOrDefault(GgufKeys.ropeFreqBase(a), 10000.0f);

        long nVocab = embd.ne(1);
        if (embd.ne(0) != nEmbd) {
            throw new GgufException("token_embd.weight has width " + embd.ne(0) + " but " + GgufKeys.embeddingLength(a) + " is " + nEmbd);
        }
        if (nVocab > Integer.MAX_VALUE) throw new GgufException("vocabulary of " + nVocab + " rows is too large");
        if (md.has(GgufKeys.vocabSize(a)) && md.getLong(GgufKeys.vocabSize(a)) != nVocab) {
            throw new GgufException(GgufKeys.vocabSize(a) + " " + md.getLong(GgufKeys.vocabSize(a)) + " disagrees with token_embd.weight rows " + nVocab);
        }
        // every block has several tensors: a block count beyond the tensor count is a lie, not a reason to allocate
        if (nLayer > file.tensors().size()) {
            throw new GgufException(GgufKeys.blockCount(a) + " " + nLayer + " exceeds the " + file.tensors().size() + " tensors in the file");
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
