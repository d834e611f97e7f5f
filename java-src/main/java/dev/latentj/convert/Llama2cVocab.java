package dev.latentj.convert;

import java.util.List;

/**
 * A llama2.c vocabulary in the form the GGUF {@code tokenizer.ggml.*} keys take ({@link #MODEL} = "llama"):
 * pieces with spaces shown as U+2581, SentencePiece scores, and llama.cpp token types.
 *
 * @param tokens     the pieces, by id
 * @param scores     one SentencePiece score per token; copied in and out
 * @param tokenTypes one llama.cpp token type per token; copied in and out
 */
public record Llama2cVocab(List<String> tokens, float[] scores, int[] tokenTypes) {
    /** The {@code tokenizer.ggml.model} of a SentencePiece vocabulary. */
    public static final String MODEL = "llama";
    /** The fixed ids of llama2.c's {@code <unk>}, {@code <s>} and {@code </s>}. */
    public static final int UNK_ID = 0, BOS_ID = 1, EOS_ID = 2;
    /** llama.cpp {@code llama_token_type} values. */
    public static final int TYPE_NORMAL = 1, TYPE_UNKNOWN = 2, TYPE_CONTROL = 3, TYPE_BYTE = 6;

    /**
     * Copies the arrays and checks they match.
     *
     * @throws IllegalArgumentException when tokens, scores and types differ in length
     */
    public Llama2cVocab {
        tokens = List.copyOf(tokens);
        scores = scores.clone();
        tokenTypes = tokenTypes.clone();
        if (scores.length != tokens.size() || tokenTypes.length != tokens.size()) {
            throw new IllegalArgumentException("tokens, scores and types differ in length");
        }
    }

    /** {@return a copy of the scores} */
    @Override public float[] scores() { return scores.clone(); }

    /** {@return a copy of the token types} */
    @Override public int[] tokenTypes() { return tokenTypes.clone(); }

    /** {@return the number of tokens} */
    public int size() { return tokens.size(); }
}
