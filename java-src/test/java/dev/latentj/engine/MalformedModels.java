package dev.latentj.engine;

import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufArray;
import dev.latentj.gguf.GgufRewrite;
import dev.latentj.gguf.GgufValueType;
import dev.latentj.gguf.MalformedGguf;
import dev.latentj.testing.Fixtures;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hardening corpus as files: every malformed GGUF of {@link MalformedGguf}, and model files that are valid
 * GGUF but inconsistent (made from converted arch fixtures with {@link GgufRewrite}). Each {@link Case} names
 * what its error must contain.
 */
public final class MalformedModels {
    private MalformedModels() {}

    public record Case(String name, Path file, String expected) {
        @Override
        public String toString() { return name; }
    }

    /** Writes the corpus under {@code dir} (converting the gpt2 and llama fixtures once). */
    public static List<Case> write(Path dir) throws IOException {
        List<Case> cs = new ArrayList<>();
        for (MalformedGguf.Case c : MalformedGguf.cases()) {
            Path p = dir.resolve("gguf-" + c.name().replaceAll("[^A-Za-z0-9]+", "-") + ".gguf");
            Files.write(p, c.bytes());
            cs.add(new Case(c.name(), p, c.expectedMessage()));
        }
        byte[] valid = MalformedGguf.valid();
        for (int n : new int[] {0, 3, 4, 7, 8, 15, 16, 23, 24, 40, 100, valid.length / 2, valid.length - 1}) {
            Path p = dir.resolve("truncated-" + n + ".gguf");
            Files.write(p, java.util.Arrays.copyOf(valid, n));
            cs.add(new Case("valid file truncated to " + n + " bytes", p, ""));
        }
        Path gpt2 = convert("gpt2", GgmlType.F32, dir);
        Path gpt2F16 = convert("gpt2", GgmlType.F16, dir);
        Path llama = convert("llama", GgmlType.F32, dir);
        long llamaLayers = layers(llama);
        Model.load(gpt2).close(); // the bases are valid: every case below is the edit's fault

        cs.add(edit(dir, "vocab_size disagrees with token_embd rows", gpt2, "disagrees",
                r -> r.set("gpt2.vocab_size", GgufValueType.UINT32, 99999L)));
        cs.add(edit(dir, "embedding_length disagrees with token_embd width", gpt2, "width",
                r -> r.set("gpt2.embedding_length", GgufValueType.UINT32, 48L)));
        cs.add(edit(dir, "head_count does not divide embedding_length", llama, "does not divide",
                r -> r.remove("llama.attention.head_count_kv").remove("llama.attention.key_length").set("llama.attention.head_count", GgufValueType.UINT32, 7L)));
        cs.add(edit(dir, "head_count_kv does not divide head_count", llama, "not a multiple of head_count_kv",
                r -> r.set("llama.attention.head_count_kv", GgufValueType.UINT32, 3L)));
        cs.add(edit(dir, "gpt2 heads do not divide the width", gpt2, "does not divide",
                r -> r.set("gpt2.attention.head_count", GgufValueType.UINT32, 5L)));
        cs.add(edit(dir, "missing layer tensor", gpt2, "missing tensor 'blk.0.ffn_up.weight'",
                r -> r.dropTensor("blk.0.ffn_up.weight")));
        cs.add(edit(dir, "missing token embedding", llama, "missing tensor 'token_embd.weight'",
                r -> r.dropTensor("token_embd.weight")));
        cs.add(edit(dir, "block_count one more than the layers", llama, "missing tensor 'blk.",
                r -> r.set("llama.block_count", GgufValueType.UINT32, llamaLayers + 1L)));
        cs.add(edit(dir, "absurd block_count", gpt2, "exceeds",
                r -> r.set("gpt2.block_count", GgufValueType.UINT32, 1_000_000L)));
        cs.add(edit(dir, "block_count 2^32-1", gpt2, "out of range",
                r -> r.set("gpt2.block_count", GgufValueType.UINT32, 0xffffffffL)));
        cs.add(edit(dir, "block_count zero", gpt2, "out of range",
                r -> r.set("gpt2.block_count", GgufValueType.UINT32, 0L)));
        cs.add(edit(dir, "context_length disagrees with position_embd", gpt2, "position_embd.weight",
                r -> r.set("gpt2.context_length", GgufValueType.UINT32, 12345L)));
        cs.add(edit(dir, "feed_forward_length disagrees with ffn_up", llama, "ffn_gate.weight",
                r -> r.set("llama.feed_forward_length", GgufValueType.UINT32, 3L)));
        cs.add(edit(dir, "architecture is not a string", gpt2, "expected STRING",
                r -> r.set("general.architecture", GgufValueType.UINT32, 2L)));
        cs.add(edit(dir, "norm epsilon NaN", gpt2, "out of range",
                r -> r.set("gpt2.attention.layer_norm_epsilon", GgufValueType.FLOAT32, Float.NaN)));
        cs.add(edit(dir, "norm epsilon missing", llama, "layer_norm_rms_epsilon' is missing",
                r -> r.remove("llama.attention.layer_norm_rms_epsilon")));
        cs.add(edit(dir, "rope base infinite", llama, "rope.freq_base",
                r -> r.set("llama.rope.freq_base", GgufValueType.FLOAT32, Float.POSITIVE_INFINITY)));
        int rows = rows(gpt2);
        cs.add(edit(dir, "token list is not strings", gpt2, "expected array of STRING",
                r -> r.set("tokenizer.ggml.model", GgufValueType.STRING, "gpt2")
                        .set("tokenizer.ggml.tokens", GgufValueType.ARRAY, new GgufArray(GgufValueType.INT32, new int[rows]))));
        cs.add(edit(dir, "token count disagrees with embedding rows", gpt2, "tokens but token_embd.weight has",
                r -> r.set("tokenizer.ggml.model", GgufValueType.STRING, "gpt2")
                        .set("tokenizer.ggml.tokens", GgufValueType.ARRAY, strings(rows - 1))));
        cs.add(edit(dir, "bos id outside the vocabulary", gpt2, "bos_token_id",
                r -> r.set("tokenizer.ggml.model", GgufValueType.STRING, "gpt2")
                        .set("tokenizer.ggml.tokens", GgufValueType.ARRAY, strings(rows))
                        .set("tokenizer.ggml.bos_token_id", GgufValueType.UINT32, (long) rows)));
        cs.add(edit(dir, "NaN in an F32 weight", gpt2, "non-finite",
                r -> r.bytes("blk.0.ffn_down.weight", b -> putF32(b, 17, Float.NaN))));
        cs.add(edit(dir, "Inf in an F32 norm", llama, "non-finite",
                r -> r.bytes("output_norm.weight", b -> putF32(b, 0, Float.POSITIVE_INFINITY))));
        cs.add(edit(dir, "NaN in an F16 weight", gpt2F16, "non-finite",
                r -> r.bytes("blk.0.attn_qkv.weight", b -> { b[2 * 5] = 0x01; b[2 * 5 + 1] = 0x7e; return b; })));
        cs.add(edit(dir, "norm weight declared I32", gpt2, "type",
                r -> r.retype("output_norm.weight", GgmlType.I32)));
        cs.add(edit(dir, "matrix declared I32", llama, "type",
                r -> r.retype("blk.0.attn_q.weight", GgmlType.I32)));
        return cs;
    }

    private interface Edit { void apply(GgufRewrite r); }

    private static Case edit(Path dir, String name, Path base, String expected, Edit e) throws IOException {
        GgufRewrite r = GgufRewrite.of(base);
        e.apply(r);
        Path out = dir.resolve("model-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".gguf");
        return new Case(name, r.write(out), expected);
    }

    private static Path convert(String arch, GgmlType type, Path dir) throws IOException {
        Path out = dir.resolve("base-" + arch + "-" + type + ".gguf");
        if (!Files.exists(out)) HfConverter.convert(Fixtures.fixture("arch-" + arch), out, type, null);
        return out;
    }

    private static long layers(Path gguf) throws IOException {
        try (var f = dev.latentj.gguf.GgufFile.open(gguf)) {
            return f.metadata().getLong(f.metadata().getString("general.architecture") + ".block_count");
        }
    }

    private static int rows(Path gguf) throws IOException {
        try (var f = dev.latentj.gguf.GgufFile.open(gguf)) {
            return (int) f.tensor("token_embd.weight").orElseThrow().ne(1);
        }
    }

    private static GgufArray strings(int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) s[i] = "t" + i;
        return new GgufArray(GgufValueType.STRING, s);
    }

    private static byte[] putF32(byte[] b, int index, float v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(index * 4, v);
        return b;
    }
}
