package dev.latentj.tokenizer;

import java.util.OptionalInt;

/**
 * Text to token ids and back, for the vocabularies of GGUF models: byte-level BPE ({@code tokenizer.ggml.model
 * = "gpt2"}) and SentencePiece-style BPE ({@code "llama"}). Results match llama.cpp / HF tokenizers.
 * Implementations are immutable and thread-safe.
 */
public sealed interface Tokenizer permits BaseTokenizer {

    /**
     * Tokenizes {@code text}.
     *
     * @param addSpecial   add BOS / EOS as the vocabulary's add_bos / add_eos flags say
     * @param parseSpecial recognise control tokens written as text (chat templates, {@code <think>}); when false
     *                     they are tokenized as plain text. User-defined tokens are always recognised.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /** Detokenizes; control and unknown tokens produce no text, malformed UTF-8 becomes U+FFFD. */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Detokenizes; with {@code renderSpecial} control tokens appear as their text (e.g. {@code <|im_end|>}). */
    String decode(int[] ids, boolean renderSpecial);

    /** The bytes token {@code id} stands for (control tokens: their text); throws for ids out of range. */
    byte[] tokenBytes(int id);

    int vocabSize();

    /** BOS id, or -1 if the vocabulary has none. */
    int bos();

    /** EOS id, or -1 if the vocabulary has none. */
    int eos();

    /** The id of the token whose vocabulary text is {@code piece} exactly (e.g. {@code "<think>"}, {@code "Ġthe"}). */
    OptionalInt tokenId(String piece);

    /** A fresh decoder for generation: emits text as tokens arrive, never half a UTF-8 character. */
    StreamingDecoder streamingDecoder();

    /** Whether {@code id} is a control token (BOS, EOS, chat markers). */
    boolean isControl(int id);

    /** The vocabulary this tokenizer was built from. */
    VocabData vocab();

    /** The tokenizer of a GGUF file (a vocab-only file or a full model; only tokenizer metadata is read). */
    static Tokenizer fromGguf(dev.latentj.gguf.GgufFile file) throws dev.latentj.gguf.GgufException {
        return of(VocabLoader.fromGguf(file));
    }

    static Tokenizer fromGguf(java.nio.file.Path path) throws java.io.IOException {
        return of(VocabLoader.fromGguf(path));
    }

    static Tokenizer of(VocabData vocab) {
        return switch (vocab.model()) {
            case "gpt2" -> new BpeTokenizer(vocab);
            case "llama" -> new SpmTokenizer(vocab);
            default -> throw new UnsupportedOperationException("tokenizer model '" + vocab.model()
                    + "' is not supported (supported: gpt2 = byte-level BPE, llama = SentencePiece BPE)");
        };
    }
}
