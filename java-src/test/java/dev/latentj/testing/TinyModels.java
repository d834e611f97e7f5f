package dev.latentj.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufWriter;
import dev.latentj.tokenizer.TokenType;
import dev.latentj.tokenizer.VocabData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Very small models and vocabularies, built from the fixtures' GPT-2 vocabulary, for fuzz seeds: big enough to
 * reach every check, small enough (a few KB) for a mutator to work on.
 */
public final class TinyModels {
    private TinyModels() {}

    /** The first {@code n} tokens of the codi-gpt2-tiny vocab.json (byte-level symbols first) and the merges among them. */
    public static VocabData gpt2Vocab(int n) throws IOException {
        Path dir = Fixtures.fixture("codi-gpt2-tiny");
        JsonNode vocab = new ObjectMapper().readTree(dir.resolve("vocab.json").toFile());
        String[] byId = new String[n];
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) vocab::fields) {
            int id = e.getValue().asInt();
            if (id < n) byId[id] = e.getKey();
        }
        List<String> tokens = List.of(byId);
        Set<String> have = new HashSet<>(tokens);
        List<String> merges = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("merges.txt"))) {
            String[] p = line.split(" ");
            if (line.startsWith("#") || p.length != 2) continue;
            if (have.contains(p[0]) && have.contains(p[1]) && have.contains(p[0] + p[1])) merges.add(line);
        }
        int[] types = new int[n];
        java.util.Arrays.fill(types, TokenType.NORMAL);
        types[n - 1] = TokenType.CONTROL;
        return new VocabData("gpt2", "gpt-2", tokens, null, types, merges, n - 1, n - 1, -1, -1, null, null, null, "tiny");
    }

    /** A GPT-2 GGUF with 1 layer, width 8, 2 heads, context 8 and the given vocabulary (random weights, seed 1). */
    public static byte[] gpt2(VocabData vocab) throws IOException {
        int v = vocab.size(), e = 8, ff = 16, ctx = 8;
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "gpt2");
        w.putString("general.name", "tiny");
        w.putU32("gpt2.embedding_length", e);
        w.putU32("gpt2.block_count", 1);
        w.putU32("gpt2.attention.head_count", 2);
        w.putU32("gpt2.feed_forward_length", ff);
        w.putU32("gpt2.context_length", ctx);
        w.putF32("gpt2.attention.layer_norm_epsilon", 1e-5f);
        vocab.writeTo(w);
        Random r = new Random(1);
        add(w, r, "token_embd.weight", e, v);
        add(w, r, "position_embd.weight", e, ctx);
        add(w, r, "output_norm.weight", e);
        add(w, r, "output_norm.bias", e);
        String b = "blk.0.";
        add(w, r, b + "attn_norm.weight", e);
        add(w, r, b + "attn_norm.bias", e);
        add(w, r, b + "attn_qkv.weight", e, 3 * e);
        add(w, r, b + "attn_qkv.bias", 3 * e);
        add(w, r, b + "attn_output.weight", e, e);
        add(w, r, b + "attn_output.bias", e);
        add(w, r, b + "ffn_norm.weight", e);
        add(w, r, b + "ffn_norm.bias", e);
        add(w, r, b + "ffn_up.weight", e, ff);
        add(w, r, b + "ffn_up.bias", ff);
        add(w, r, b + "ffn_down.weight", ff, e);
        add(w, r, b + "ffn_down.bias", e);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writeTo(Channels.newChannel(out));
        return out.toByteArray();
    }

    private static void add(GgufWriter w, Random r, String name, long... ne) {
        long n = 1;
        for (long d : ne) n *= d;
        float[] x = new float[(int) n];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 0.1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(x.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : x) b.putFloat(f);
        w.addTensor(name, GgmlType.F32, ne, MemorySegment.ofArray(b.array()));
    }
}
