package dev.latentj.engine;

import dev.latentj.convert.HfConfig;
import dev.latentj.gguf.GgmlType;
import dev.latentj.synth.SynthModel;
import dev.latentj.tokenizer.TokenType;
import dev.latentj.tokenizer.VocabData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A row's logits do not depend on the other rows of its decode (the server's greedy outputs must not depend on
 * batch composition), for the weight types whose CPU kernels differ by row count: plain, repacked (Q4_0, Q4_K on
 * AVX2) and tinyBLAS. One sequence's next row is decoded alone, with 4 other sequences' rows, and with 35. Its
 * cache cell and the attended extent stay the same throughout (all next rows are decoded once first, and it goes
 * first), so only the weight kernels could tell the batches apart.
 */
class BatchInvarianceTest {
    @TempDir
    static Path dir;

    enum WeightType { F32, F16, Q8_0, Q4_0, Q4_K }

    /** A Llama-layout model wide enough for every kernel (256 = one K-quant block, rows a multiple of 8). */
    private static Path model(GgmlType type) throws Exception {
        HfConfig c = HfConfig.of("""
                {"model_type": "llama", "hidden_size": 256, "intermediate_size": 512, "num_attention_heads": 4,
                 "num_key_value_heads": 2, "num_hidden_layers": 2, "max_position_embeddings": 128, "rms_norm_eps": 1e-5,
                 "tie_word_embeddings": true, "vocab_size": 512}""");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 512; i++) tokens.add("t" + i);
        int[] types = new int[512];
        Arrays.fill(types, TokenType.NORMAL);
        VocabData v = new VocabData("gpt2", "gpt-2", tokens, null, types, List.of(), 0, 1, -1, -1, null, null, null, "x");
        Path f = dir.resolve(type + ".gguf");
        SynthModel.write("batch-invariance", c, v, type, false, 11, f, null);
        return f;
    }

    @ParameterizedTest
    @EnumSource(WeightType.class)
    void aRowsLogitsDoNotDependOnTheOtherRows(WeightType w) throws Exception {
        int n = 36;
        Random rnd = new Random(5);
        try (Model m = Model.load(model(GgmlType.valueOf(w.name())), new Model.Options(Backend.CPU, 1));
             Session s = m.newSession(Session.Options.of(n, 32))) {
            int[][] prompts = new int[n][];
            for (int q = 0; q < n; q++) {
                prompts[q] = rnd.ints(3 + q % 7, 0, 512).toArray();
                Generation.prefill(s, new int[] {q}, List.of(prompts[q]), Row.Output.NONE);
            }
            int next = 42;
            List<Integer> all = new ArrayList<>();
            for (int q = 0; q < n; q++) all.add(q);
            step(s, prompts, all, next);
            float[] alone = step(s, prompts, List.of(0), next).get(0);
            float[] withFive = step(s, prompts, List.of(0, 1, 2, 3, 4), next).get(0);
            float[] withAll = step(s, prompts, all, next).get(0);
            assertArrayEquals(alone, withFive, w + ": 1 row vs 5 rows");
            assertArrayEquals(alone, withAll, w + ": 1 row vs " + n + " rows");
        }
    }

    /**
     * F16/BF16 caches take ggml's flash-attention op instead of mul_mat + soft_max: over a 40-token prompt the
     * logits of every position stay within the cache's own rounding of the F32 cache's, with the same argmax
     * (F32 weights, so that no quantisation of activations magnifies the cache's rounding).
     */
    @org.junit.jupiter.api.Test
    void flashAttentionOnHalfCachesMatchesTheExactPath() throws Exception {
        WeightType w = WeightType.F32;
        int[] prompt = new Random(9).ints(40, 0, 512).toArray();
        try (Model m = Model.load(model(GgmlType.F32), new Model.Options(Backend.CPU, 1))) {
            float[][] exact = allLogits(m, prompt, -1), half = allLogits(m, prompt, 1), bf = allLogits(m, prompt, 30);
            for (int p = 0; p < prompt.length; p++) {
                assertEquals(dev.latentj.testing.Numerics.argmax(exact[p]), dev.latentj.testing.Numerics.argmax(half[p]), w + ": position " + p);
                assertTrue(dev.latentj.testing.Numerics.relErr(half[p], exact[p]) < 2e-3, w + ": F16 cache, position " + p);
                assertTrue(dev.latentj.testing.Numerics.relErr(bf[p], exact[p]) < 2e-2, w + ": BF16 cache, position " + p);
            }
        }
    }

    private static float[][] allLogits(Model m, int[] prompt, int kvType) {
        try (Session s = m.newSession(new Session.Options(1, 64, 0, kvType))) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < prompt.length; p++) rows.add(new Row.Token(0, p, prompt[p], Row.Output.LOGITS));
            s.decode(rows);
            float[][] out = new float[prompt.length][];
            for (int p = 0; p < prompt.length; p++) out[p] = s.logits(p);
            return out;
        }
    }


    /** Decodes one token row per listed sequence (in this order) at its next position; their logits in that order. */
    private static List<float[]> step(Session s, int[][] prompts, List<Integer> seqs, int token) {
        List<Row> rows = new ArrayList<>();
        for (int q : seqs) rows.add(new Row.Token(q, prompts[q].length, token, Row.Output.LOGITS));
        s.decode(rows);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) out.add(s.logits(i));
        return out;
    }
}
