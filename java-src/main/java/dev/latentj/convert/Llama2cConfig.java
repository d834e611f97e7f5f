package dev.latentj.convert;

/**
 * The llama2.c header, plus the fixed hyper-parameters that format implies (RMSNorm eps 1e-5,
 * RoPE base 10000, full-head rotary), named as the GGUF {@code llama.*} keys want them.
 * {@code vocabSize} is positive; {@code sharedClassifier} is the sign it had in the file.
 *
 * @param dim              the embedding width
 * @param hiddenDim        the feed-forward hidden width
 * @param nLayers          the number of transformer blocks
 * @param nHeads           the number of attention heads
 * @param nKvHeads         the number of key/value heads
 * @param vocabSize        the number of tokens
 * @param seqLen           the context length it was trained with
 * @param sharedClassifier whether the output reuses the token embedding (llama2.c writes a negative vocabulary size
 *                         when it does not)
 */
public record Llama2cConfig(int dim, int hiddenDim, int nLayers, int nHeads, int nKvHeads, int vocabSize, int seqLen,
                            boolean sharedClassifier) {
    /** The GGUF architecture a llama2.c model converts to. */
    public static final String ARCHITECTURE = "llama";
    /** llama2.c's RMSNorm epsilon, fixed in its run.c. */
    public static final float RMS_NORM_EPS = 1e-5f;
    /** llama2.c's RoPE base, fixed in its run.c. */
    public static final float ROPE_FREQ_BASE = 10000f;

    /**
     * Checks what the model's shapes need.
     *
     * @throws IllegalArgumentException when a value is not positive, the heads do not divide the width or each
     *                                  other, or the head size is odd
     */
    public Llama2cConfig {
        if (dim <= 0 || hiddenDim <= 0 || nLayers <= 0 || nHeads <= 0 || nKvHeads <= 0 || vocabSize <= 0 || seqLen <= 0) {
            throw new IllegalArgumentException("header values must be positive: " + describe(dim, hiddenDim, nLayers, nHeads,
                    nKvHeads, vocabSize, seqLen));
        }
        if (dim % nHeads != 0) throw new IllegalArgumentException("dim " + dim + " is not a multiple of n_heads " + nHeads);
        if (nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException("n_heads " + nHeads + " is not a multiple of n_kv_heads " + nKvHeads);
        }
        if ((dim / nHeads) % 2 != 0) throw new IllegalArgumentException("head size " + dim / nHeads + " is odd (RoPE needs pairs)");
    }

    /** {@return the width of one head, dim / nHeads} */
    public int headSize() { return dim / nHeads; }

    /** {@return the width of all key (or value) heads together} */
    public int kvDim() { return headSize() * nKvHeads; }

    /** {@return {@link #ARCHITECTURE}} */
    public String architecture() { return ARCHITECTURE; }

    /** {@return the context length, seqLen} */
    public int contextLength() { return seqLen; }

    /** {@return the embedding width, dim} */
    public int embeddingLength() { return dim; }

    /** {@return the number of blocks, nLayers} */
    public int blockCount() { return nLayers; }

    /** {@return the feed-forward width, hiddenDim} */
    public int feedForwardLength() { return hiddenDim; }

    /** {@return the number of heads, nHeads} */
    public int headCount() { return nHeads; }

    /** {@return the number of key/value heads, nKvHeads} */
    public int headCountKv() { return nKvHeads; }

    /** {@return the rotated dimensions per head: all of them} */
    public int ropeDimensionCount() { return headSize(); }

    /** {@return {@link #RMS_NORM_EPS}} */
    public float rmsNormEps() { return RMS_NORM_EPS; }

    /** {@return {@link #ROPE_FREQ_BASE}} */
    public float ropeFreqBase() { return ROPE_FREQ_BASE; }

    static String describe(int... v) {
        return String.format("dim=%d hidden_dim=%d n_layers=%d n_heads=%d n_kv_heads=%d vocab_size=%d seq_len=%d",
                v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }
}
