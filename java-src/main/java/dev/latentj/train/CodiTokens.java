package dev.latentj.train;

import dev.latentj.codi.CodiConfig;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufArray;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.gguf.GgufValueType;
import dev.latentj.gguf.GgufWriter;
import dev.latentj.gguf.TensorData;
import dev.latentj.tokenizer.TokenType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Gives a model without CODI's special tokens the three that CODI's train.py adds: the pad token, then
 * {@code <|bocot|>} (bot) and {@code <|eocot|>} (eot), as ids V, V+1 and V+2. Their embedding rows (and output
 * rows, when untied) start at the mean of the existing rows, as Hugging Face's resize_token_embeddings does.
 */
public final class CodiTokens {
    private CodiTokens() {}

    static final String[] ADDED = {"[PAD]", "<|bocot|>", "<|eocot|>"};
    static final int[] ADDED_TYPES = {TokenType.CONTROL, TokenType.USER_DEFINED, TokenType.USER_DEFINED};

    /**
     * Writes the base with the three tokens added.
     *
     * @param base    a model without CODI's tokens
     * @param out     where to write it
     * @param latents the latent steps recorded in its CODI metadata
     * @return the CODI ids
     * @throws IOException when the base cannot be read or out written
     */
    public static CodiConfig addTo(GgufFile base, Path out, int latents) throws IOException {
        GgufMetadata md = base.metadata();
        String[] tokens = md.getStringArray("tokenizer.ggml.tokens").toArray(String[]::new);
        int v = tokens.length;
        CodiConfig codi = new CodiConfig(v + 1, v + 2, v, latents, "The answer is:");
        GgufWriter w = new GgufWriter();
        for (Map.Entry<String, GgufMetadata.Value> e : md.asMap().entrySet()) {
            if (!e.getKey().startsWith("codi.")) w.put(e.getKey(), e.getValue().type(), e.getValue().value());
        }
        replace(w, "tokenizer.ggml.tokens", new GgufArray(GgufValueType.STRING, concat(tokens, ADDED)));
        if (md.has("tokenizer.ggml.token_type")) {
            int[] types = md.getIntArray("tokenizer.ggml.token_type");
            int[] all = Arrays.copyOf(types, v + ADDED.length);
            System.arraycopy(ADDED_TYPES, 0, all, v, ADDED.length);
            replace(w, "tokenizer.ggml.token_type", new GgufArray(GgufValueType.INT32, all));
        }
        if (md.has("tokenizer.ggml.scores")) {
            replace(w, "tokenizer.ggml.scores", new GgufArray(GgufValueType.FLOAT32, Arrays.copyOf(md.getFloatArray("tokenizer.ggml.scores"), v + ADDED.length)));
        }
        String arch = md.getString("general.architecture");
        if (md.has(arch + ".vocab_size")) {
            w.remove(arch + ".vocab_size");
            w.putU32(arch + ".vocab_size", v + ADDED.length);
        }
        w.putU32("codi.bot_token_id", codi.botId());
        w.putU32("codi.eot_token_id", codi.eotId());
        w.putU32("codi.pad_token_id", codi.padId());
        w.putU32("codi.num_latent", latents);
        w.putString("codi.answer_prompt", codi.answerPrompt());

        for (GgufTensorInfo t : base.tensors()) {
            boolean vocabRows = (t.name().equals("token_embd.weight") || t.name().equals("output.weight")) && t.ne(1) == v;
            if (!vocabRows) {
                w.addTensor(t.name(), t.type(), t.ne(), TensorData.of(base.tensorData(t)));
                continue;
            }
            float[] rows = widened(floats(base.tensorData(t), t.type()), (int) t.ne(0), ADDED.length);
            ByteBuffer b = ByteBuffer.allocate(rows.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(rows);
            w.addTensor(t.name(), GgmlType.F32, new long[] {t.ne(0), v + ADDED.length}, MemorySegment.ofArray(b.array()));
        }
        w.write(out);
        return codi;
    }

    private static void replace(GgufWriter w, String key, GgufArray value) {
        w.remove(key);
        w.putArray(key, value);
    }

    /** n more rows of width d, each the mean of the existing ones. */
    static float[] widened(float[] rows, int d, int n) {
        int v = rows.length / d;
        double[] mean = new double[d];
        for (int r = 0; r < v; r++) {
            for (int i = 0; i < d; i++) mean[i] += rows[r * d + i];
        }
        float[] out = Arrays.copyOf(rows, rows.length + n * d);
        for (int r = v; r < v + n; r++) {
            for (int i = 0; i < d; i++) out[r * d + i] = (float) (mean[i] / v);
        }
        return out;
    }

    private static float[] floats(MemorySegment s, GgmlType type) {
        return switch (type) {
            case F32 -> s.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
            case F16 -> {
                short[] h = s.toArray(ValueLayout.JAVA_SHORT_UNALIGNED);
                float[] f = new float[h.length];
                for (int i = 0; i < h.length; i++) f[i] = Float.float16ToFloat(h[i]);
                yield f;
            }
            case BF16 -> {
                short[] h = s.toArray(ValueLayout.JAVA_SHORT_UNALIGNED);
                float[] f = new float[h.length];
                for (int i = 0; i < h.length; i++) f[i] = Float.intBitsToFloat((h[i] & 0xffff) << 16);
                yield f;
            }
            default -> throw new IllegalArgumentException("embedding of type " + type + ": appending CODI's tokens takes an F32, F16 or BF16 embedding");
        };
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
