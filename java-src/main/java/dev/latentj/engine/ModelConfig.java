package dev.latentj.engine;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;

/**
 * Hyper-parameters of a model, read from GGUF metadata with llama.cpp's keys, the same for every architecture,
 * and checked against the tensors; the rules of one architecture are the native engine's (lj_model_check).
 *
 * @param arch         the architecture ({@code general.architecture})
 * @param nVocab       vocabulary size: the rows of {@code token_embd.weight}
 * @param nEmbd        width of the residual stream ({@code embedding_length})
 * @param nLayer       transformer blocks ({@code block_count})
 * @param nHead        query heads ({@code attention.head_count})
 * @param nHeadKv      key/value heads, {@code nHead} without grouped-query attention ({@code attention.head_count_kv})
 * @param headDim      width of one head: {@code attention.key_length}, else {@code nEmbd / nHead}
 * @param nFf          hidden width of the feed-forward block ({@code feed_forward_length})
 * @param nCtxTrain    the context the model was trained with ({@code context_length}), in positions
 * @param normEps      epsilon of the LayerNorm or RMSNorm, in (0, 1)
 * @param ropeFreqBase RoPE base frequency ({@code rope.freq_base}, 10000 when absent; unused by GPT-2)
 */
public record ModelConfig(Arch arch, int nVocab, int nEmbd, int nLayer, int nHead, int nHeadKv, int headDim,
                          int nFf, int nCtxTrain, float normEps, float ropeFreqBase) {

    /**
     * Reads and checks the hyper-parameters; does not read tensor data.
     *
     * @param file an open GGUF file
     * @return the hyper-parameters
     * @throws GgufException if the architecture is not supported, a key is missing or out of range (every count is
     *                       1 to 2^24), or the keys disagree with each other or with {@code token_embd.weight}
     */
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
