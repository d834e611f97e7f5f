package dev.latentj.tokenizer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;

import java.lang.foreign.MemorySegment;

/**
 * Tokenizer loading from GGUF metadata ({@code tokenizer.ggml.*}): the vocabulary must load and tokenize, or be
 * rejected with GgufException (or UnsupportedOperationException for a tokenizer model latentj lacks).
 */
class GgufVocabFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void load(byte[] data) {
        Tokenizer tok;
        try {
            tok = Tokenizer.fromGguf(GgufFile.parse(MemorySegment.ofArray(data), null));
        } catch (GgufException | UnsupportedOperationException expected) {
            return;
        }
        TokenizerExercise.run(tok);
    }
}
