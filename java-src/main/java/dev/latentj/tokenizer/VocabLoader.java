package dev.latentj.tokenizer;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufValueType;

import java.io.IOException;
import java.nio.file.Path;

/** The one place that reads {@code tokenizer.ggml.*} from a GGUF file (model files too: tensors are ignored). */
public final class VocabLoader {
    private VocabLoader() {}

    /**
     * {@return the vocabulary of a GGUF file} The file is opened, read and closed.
     *
     * @param path a vocab-only file or a full model
     * @throws IOException when the file cannot be read, is not GGUF, or has no valid tokenizer
     */
    public static VocabData fromGguf(Path path) throws IOException {
        try (GgufFile f = GgufFile.open(path)) {
            return fromGguf(f);
        }
    }

    /**
     * {@return the vocabulary of an open GGUF file}
     *
     * @param file a vocab-only file or a full model
     * @throws GgufException when it has no tokenizer, a key has the wrong type, a special id is not a token, or a
     *                       per-token array is too short
     */
    public static VocabData fromGguf(GgufFile file) throws GgufException {
        GgufMetadata m = file.metadata();
        if (!m.has(GgufKeys.TOKENIZER_MODEL) || !m.has(GgufKeys.TOKENIZER_TOKENS)) {
            throw new GgufException("the GGUF has no tokenizer (tokenizer.ggml.model / tokenizer.ggml.tokens missing)");
        }
        var tokens = m.getStringArray(GgufKeys.TOKENIZER_TOKENS);
        VocabData v;
        try {
            v = new VocabData(
                m.getString(GgufKeys.TOKENIZER_MODEL),
                m.getStringOrDefault(GgufKeys.TOKENIZER_PRE, null),
                tokens,
                scores(m),
                m.has(GgufKeys.TOKENIZER_TOKEN_TYPE) ? m.getIntArray(GgufKeys.TOKENIZER_TOKEN_TYPE) : null,
                m.has(GgufKeys.TOKENIZER_MERGES) ? m.getStringArray(GgufKeys.TOKENIZER_MERGES) : null,
                id(m, GgufKeys.TOKENIZER_BOS_ID), id(m, GgufKeys.TOKENIZER_EOS_ID), id(m, GgufKeys.TOKENIZER_UNKNOWN_ID),
                id(m, GgufKeys.TOKENIZER_PADDING_ID), flag(m, GgufKeys.TOKENIZER_ADD_BOS), flag(m, GgufKeys.TOKENIZER_ADD_EOS),
                flag(m, GgufKeys.TOKENIZER_ADD_SPACE_PREFIX),
                m.getStringOrDefault(GgufKeys.GENERAL_NAME, null));
        } catch (IllegalArgumentException e) {
            throw new GgufException("tokenizer: " + e.getMessage());
        }
        return v;
    }

    /** Scores are FLOAT32 normally; llama.cpp also accepts INT32. */
    private static float[] scores(GgufMetadata m) throws GgufException {
        String key = GgufKeys.TOKENIZER_SCORES;
        if (!m.has(key)) return null;
        var arr = m.getArray(key);
        if (arr.elementType() == GgufValueType.FLOAT32 || arr.elementType() == GgufValueType.FLOAT64) {
            return m.getFloatArray(key);
        }
        int[] ints = m.getIntArray(key);
        float[] f = new float[ints.length];
        for (int i = 0; i < ints.length; i++) f[i] = ints[i];
        return f;
    }

    private static int id(GgufMetadata m, String key) throws GgufException {
        if (!m.has(key)) return -1;
        long id = m.getLong(key);
        int n = m.getStringArray(GgufKeys.TOKENIZER_TOKENS).size();
        if (id < 0 || id >= n) throw new GgufException(key + " = " + id + " is not a token id (the vocabulary has " + n + ")");
        return (int) id;
    }

    private static Boolean flag(GgufMetadata m, String key) throws GgufException {
        return m.has(key) ? m.getBool(key) : null;
    }
}
