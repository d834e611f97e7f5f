package dev.latentj.tokenizer;

/** Values of {@code tokenizer.ggml.token_type} (llama.cpp's {@code llama_token_type}). */
public final class TokenType {
    /** No type given. */
    public static final int UNDEFINED = 0;
    /** Ordinary text, found by the BPE merges. */
    public static final int NORMAL = 1;
    /** The token for text the vocabulary cannot spell; decoded to nothing unless rendered. */
    public static final int UNKNOWN = 2;
    /** BOS, EOS, chat markers: matched in text only on request, and decoded to nothing unless rendered. */
    public static final int CONTROL = 3;
    /** Added tokens that are always matched whole in text (HF's added tokens that are not special). */
    public static final int USER_DEFINED = 4;
    /** Reserved slots that no text produces. */
    public static final int UNUSED = 5;
    /** SentencePiece's byte fallback, {@code <0xNN>}: one raw byte. */
    public static final int BYTE = 6;

    private TokenType() {}
}
