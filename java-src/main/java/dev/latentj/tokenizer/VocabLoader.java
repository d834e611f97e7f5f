package dev.latentj.tokenizer;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufValueType;

import java.io.IOException;
import java.nio.file.Path;

/** The one place that reads {@code tokenizer.ggml.*} from a GGUF file (model files too: tensors are ignored). */
public final class VocabLoader {
    static final String P = "tokenizer.ggml.";

    private VocabLoader() {}

    public static VocabData fromGguf(Path path) throws IOException {
        try (GgufFile f = GgufFile.open(path)) {
            return fromGguf(f);
        }
    }

    public static VocabData fromGguf(GgufFile file) throws GgufException {
        GgufMetadata m = file.metadata();
        if (!m.has(P + "model") || !m.has(P + "tokens")) {
            throw new GgufException("the GGUF has no tokenizer (tokenizer.ggml.model / tokenizer.ggml.tokens missing)");
        }
        var tokens = m.getStringArray(P + "tokens");
        VocabData v;
        try {
            v = new VocabData(
                m.getString(P + "model"),
                m.getStringOrDefault(P + "pre", null),
                tokens,
                scores(m),
                m.has(P + "token_type") ? m.getIntArray(P + "token_type") : null,
                m.has(P + "merges") ? m.getStringArray(P + "merges") : null,
                id(m, "bos_token_id"), id(m, "eos_token_id"), id(m, "unknown_token_id"), id(m, "padding_token_id"),
                flag(m, "add_bos_token"), flag(m, "add_eos_token"), flag(m, "add_space_prefix"),
                m.getStringOrDefault("general.name", null));
        } catch (IllegalArgumentException e) {
            throw new GgufException("tokenizer: " + e.getMessage());
        }
        return v;
    }

    /** Scores are FLOAT32 normally; llama.cpp also accepts INT32. */
    private static float[] scores(GgufMetadata m) throws GgufException {
        String key = P + "scores";
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
        if (!m.has(P + key)) return -1;
        long id = m.getLong(P + key);
        int n = m.getStringArray(P + "tokens").size();
        if (id < 0 || id >= n) throw new GgufException(P + key + " = " + id + " is not a token id (the vocabulary has " + n + ")");
        return (int) id;
    }

    private static Boolean flag(GgufMetadata m, String key) throws GgufException {
        return m.has(P + key) ? m.getBool(P + key) : null;
    }
}
