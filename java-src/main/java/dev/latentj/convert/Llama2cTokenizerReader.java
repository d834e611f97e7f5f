package dev.latentj.convert;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a llama2.c tokenizer ({@code tok512.bin}): int32 max_token_length, then per token float32 score,
 * int32 length, UTF-8 bytes. The vocabulary size is not in the file; it comes from the model header.
 * Mirrors llama.cpp's convert-llama2c-to-ggml: ids 0/1/2 become {@code <unk>}/{@code <s>}/{@code </s>}
 * (tok512 stores BOS as "\n&lt;s&gt;\n"), {@code <0xNN>} pieces are byte tokens, and spaces become U+2581.
 */
public final class Llama2cTokenizerReader {
    private static final Pattern BYTE_PIECE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");

    private Llama2cTokenizerReader() {}

    /**
     * {@return the vocabulary in a tokenizer file}
     *
     * @param tokenizerBin the tokenizer file
     * @param vocabSize    the number of tokens, from the model's header; the file must hold exactly that many
     * @throws IllegalArgumentException when {@code vocabSize} is not positive
     * @throws IOException              when the file cannot be mapped, is too short or too long for
     *                                  {@code vocabSize} tokens, or a piece is too long or not UTF-8
     */
    public static Llama2cVocab read(Path tokenizerBin, int vocabSize) throws IOException {
        String where = tokenizerBin.getFileName().toString();
        if (vocabSize <= 0) throw new IllegalArgumentException("vocabSize must be positive, got " + vocabSize);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = MappedFile.map(tokenizerBin, arena);
            // Each token takes at least 8 bytes: rejects an impossible vocab size before allocating for it.
            if ((f.byteSize() - 4) / 8 < vocabSize) {
                throw new CheckpointFormatException(where + ": " + f.byteSize() + " bytes cannot hold " + vocabSize + " tokens");
            }
            int maxLen = LittleEndian.i32(f, 0, where + " header");
            if (maxLen <= 0) throw new CheckpointFormatException(where + ": max_token_length " + maxLen + " is not positive");
            List<String> tokens = new ArrayList<>(vocabSize);
            float[] scores = new float[vocabSize];
            int[] types = new int[vocabSize];
            long p = 4;
            for (int id = 0; id < vocabSize; id++) {
                String what = where + " token " + id;
                scores[id] = LittleEndian.f32(f, p, what);
                int len = LittleEndian.i32(f, p + 4, what);
                p += 8;
                if (len < 0 || len > maxLen) {
                    throw new CheckpointFormatException(what + ": length " + len + " outside [0, max_token_length " + maxLen + "]");
                }
                LittleEndian.need(f, p, len, what);
                String piece = utf8(f.asSlice(p, len), what);
                p += len;
                types[id] = typeOf(id, piece);
                tokens.add(textOf(id, piece));
            }
            if (p != f.byteSize()) {
                throw new CheckpointFormatException(where + ": " + (f.byteSize() - p) + " bytes left after " + vocabSize
                        + " tokens (wrong vocab size?)");
            }
            return new Llama2cVocab(tokens, scores, types);
        }
    }

    private static int typeOf(int id, String piece) {
        if (id == Llama2cVocab.UNK_ID) return Llama2cVocab.TYPE_UNKNOWN;
        if (id == Llama2cVocab.BOS_ID || id == Llama2cVocab.EOS_ID || piece.isEmpty()) return Llama2cVocab.TYPE_CONTROL;
        if (BYTE_PIECE.matcher(piece).matches()) return Llama2cVocab.TYPE_BYTE;
        return Llama2cVocab.TYPE_NORMAL;
    }

    private static String textOf(int id, String piece) {
        return switch (id) {
            case Llama2cVocab.UNK_ID -> "<unk>";
            case Llama2cVocab.BOS_ID -> "<s>";
            case Llama2cVocab.EOS_ID -> "</s>";
            default -> piece.replace(' ', '\u2581'); // SentencePiece's visible space, as GGUF llama vocabs store it
        };
    }

    private static String utf8(MemorySegment bytes, String what) throws CheckpointFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toArray(ValueLayout.JAVA_BYTE))).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(what + ": piece is not valid UTF-8");
        }
    }
}
