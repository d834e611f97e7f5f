package dev.latentj.tokenizer;

import dev.latentj.testing.LlamaVocabs;
import dev.latentj.testing.LlamaVocabs.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * llama.cpp's tokenizer acceptance set: every {@code .out} line (HF tokenizers, add_special_tokens=False) must be
 * reproduced exactly, and every {@code .inp} string must survive encode → decode.
 */
class TokenizerVocabTest {
    /** The vocabs the issue requires; a missing file among these is a failure, not a skip. */
    static final List<String> REQUIRED = List.of("gpt-2", "llama-bpe", "qwen2", "llama-spm");
    /** In the set but of tokenizer models this package does not implement (WordPiece; Gemma 4's raw-byte BPE). */
    static final Map<String, String> UNSUPPORTED = Map.of(
            "bert-bge", "bert", "gemma-4", "gemma4");

    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    static Tokenizer tokenizer(String name) {
        return TOKENIZERS.computeIfAbsent(name, n -> {
            try {
                return Tokenizer.fromGguf(LlamaVocabs.gguf(n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Stream<Case> cases() {
        LlamaVocabs.requireDir(); // absent: skip (fail under CI) rather than a parameterized test without arguments
        return LlamaVocabs.withTests().stream().filter(n -> !UNSUPPORTED.containsKey(n))
                .flatMap(n -> LlamaVocabs.cases(n).stream());
    }

    @Test
    void requiredVocabsArePresent() {
        var dir = LlamaVocabs.requireDir();
        for (String name : REQUIRED) {
            assertTrue(java.nio.file.Files.exists(dir.resolve("ggml-vocab-" + name + ".gguf.out")),
                    "missing test files for " + name + " in " + dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesReferenceIds(Case c) {
        int[] got = tokenizer(c.vocab()).encode(c.text(), false, false);
        if (!Arrays.equals(c.ids(), got)) {
            int i = 0;
            while (i < Math.min(got.length, c.ids().length) && got[i] == c.ids()[i]) i++;
            fail("vocab " + c.vocab() + ", input " + VocabSurvey.escape(c.text()) + ": first difference at index " + i
                    + ": expected " + (i < c.ids().length ? c.ids()[i] : "end") + " but got " + (i < got.length ? got[i] : "end")
                    + "\n expected " + Arrays.toString(c.ids()) + "\n      got " + Arrays.toString(got));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodeInvertsEncode(Case c) {
        Tokenizer t = tokenizer(c.vocab());
        assertEquals(c.text(), t.decode(t.encode(c.text(), true, false)),
                () -> "vocab " + c.vocab() + ", input " + VocabSurvey.escape(c.text()));
    }

    @Test
    void unsupportedModelsSaySo() {
        LlamaVocabs.requireDir();
        for (var e : UNSUPPORTED.entrySet()) {
            var ex = assertThrows(UnsupportedOperationException.class, () -> tokenizer(e.getKey()));
            assertTrue(ex.getMessage().contains(e.getValue()), ex.getMessage());
        }
    }
}
