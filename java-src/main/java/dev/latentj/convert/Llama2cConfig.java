package dev.latentj.convert;

/**
 * The llama2.c header, plus the fixed hyper-parameters that format implies (RMSNorm eps 1e-5,
 * RoPE base 10000, full-head rotary), named as the GGUF {@code llama.*} keys want them.
 * {@code vocabSize} is positive; {@code sharedClassifier} is the sign it had in the file.
 */
public record Llama2cConfig(int dim, int hiddenDim, int nLayers, int nHeads, int nKvHeads, int vocabSize, int seqLen,
                            boolean sharedClassifier) {
    public static final String ARCHITECTURE = "llama";
    public static final float RMS_NORM_EPS = 1e-5f;
    public static final float ROPE_FREQ_BASE = 10000f;

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

    public int headSize() { return dim / nHeads; }

    public int kvDim() { return headSize() * nKvHeads; }

    public String architecture() { return ARCHITECTURE; }

    public int contextLength() { return seqLen; }

    public int embeddingLength() { return dim; }

    public int blockCount() { return nLayers; }

    public int feedForwardLength() { return hiddenDim; }

    public int headCount() { return nHeads; }

    public int headCountKv() { return nKvHeads; }

    public int ropeDimensionCount() { return headSize(); }

    public float rmsNormEps() { return RMS_NORM_EPS; }

    public float ropeFreqBase() { return ROPE_FREQ_BASE; }

    static String describe(int... v) {
        return String.format("dim=%d hidden_dim=%d n_layers=%d n_heads=%d n_kv_heads=%d vocab_size=%d seq_len=%d",
                v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }
}
