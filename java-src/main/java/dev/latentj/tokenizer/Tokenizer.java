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
     * @param text         the text
     * @param addSpecial   add BOS / EOS as the vocabulary's add_bos / add_eos flags say
     * @param parseSpecial recognise control tokens written as text (chat templates, {@code <think>}); when false
     *                     they are tokenized as plain text. User-defined tokens are always recognised.
     * @return the token ids
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /**
     * Detokenizes; control and unknown tokens produce no text, malformed UTF-8 becomes U+FFFD.
     *
     * @param ids token ids
     * @return the text
     * @throws IllegalArgumentException when an id is outside the vocabulary
     */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * Detokenizes.
     *
     * @param ids           token ids
     * @param renderSpecial whether control and unknown tokens appear as their text (e.g. {@code <|im_end|>})
     *                      rather than as nothing
     * @return the text, malformed UTF-8 as U+FFFD
     * @throws IllegalArgumentException when an id is outside the vocabulary
     */
    String decode(int[] ids, boolean renderSpecial);

    /**
     * {@return the bytes token {@code id} stands for; a control token's are its text}
     *
     * @param id a token id
     * @throws IllegalArgumentException when {@code id} is outside the vocabulary
     */
    byte[] tokenBytes(int id);

    /** {@return the number of tokens; ids run from 0 to one less} */
    int vocabSize();

    /** {@return the BOS id, or -1 if the vocabulary has none} */
    int bos();

    /** {@return the EOS id, or -1 if the vocabulary has none} */
    int eos();

    /**
     * {@return the id of the token whose vocabulary text is {@code piece} exactly, if there is one}
     *
     * @param piece a token's text as the vocabulary stores it (e.g. {@code "<think>"}, {@code "Ġthe"})
     */
    OptionalInt tokenId(String piece);

    /** {@return a fresh decoder for generation} It emits text as tokens arrive, never half a UTF-8 character. */
    StreamingDecoder streamingDecoder();

    /**
     * {@return whether {@code id} is a control token (BOS, EOS, chat markers)}
     *
     * @param id a token id
     * @throws IllegalArgumentException when {@code id} is outside the vocabulary
     */
    boolean isControl(int id);

    /** {@return the vocabulary this tokenizer was built from} */
    VocabData vocab();

    /**
     * {@return the tokenizer of a GGUF file} Only the tokenizer metadata is read.
     *
     * @param file a vocab-only file or a full model
     * @throws dev.latentj.gguf.GgufException when the file has no tokenizer or its metadata is malformed
     * @throws UnsupportedOperationException when the tokenizer model is neither "gpt2" nor "llama"
     */
    static Tokenizer fromGguf(dev.latentj.gguf.GgufFile file) throws dev.latentj.gguf.GgufException {
        return of(VocabLoader.fromGguf(file));
    }

    /**
     * {@return the tokenizer of a GGUF file} The file is opened, read and closed.
     *
     * @param path a vocab-only file or a full model
     * @throws java.io.IOException when the file cannot be read, is not GGUF, or has no valid tokenizer
     * @throws UnsupportedOperationException when the tokenizer model is neither "gpt2" nor "llama"
     */
    static Tokenizer fromGguf(java.nio.file.Path path) throws java.io.IOException {
        return of(VocabLoader.fromGguf(path));
    }

    /**
     * {@return the tokenizer of a vocabulary}
     *
     * @param vocab a "gpt2" (byte-level BPE) or "llama" (SentencePiece BPE) vocabulary
     * @throws UnsupportedOperationException for any other tokenizer model
     */
    static Tokenizer of(VocabData vocab) {
        return switch (vocab.model()) {
            case "gpt2" -> new BpeTokenizer(vocab);
            case "llama" -> new SpmTokenizer(vocab);
            default -> throw new UnsupportedOperationException("tokenizer model '" + vocab.model()
                    + "' is not supported (supported: gpt2 = byte-level BPE, llama = SentencePiece BPE)");
        };
    }
}
