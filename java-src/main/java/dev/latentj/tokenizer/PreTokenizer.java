package dev.latentj.tokenizer;

/**
 * Splits text into the words that BPE merges within (never across). Implementations follow the
 * pre-tokenizer regexes of the reference (HF tokenizer.json, as listed per type in llama.cpp's
 * llama-vocab.cpp); the common ones are hand-written for speed.
 */
sealed interface PreTokenizer permits Gpt2PreTokenizer, Llama3PreTokenizer, RegexPreTokenizer, SequencePreTokenizer {

    /**
     * Appends to {@code ends} the end offsets (char indices into {@code text}) of consecutive pieces
     * that exactly cover {@code [start, end)}. {@code start} and {@code end} lie on code point boundaries.
     */
    void split(String text, int start, int end, IntList ends);
}
