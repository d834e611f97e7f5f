package dev.latentj.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.engine.Backend;
import dev.latentj.gguf.GgufFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.latentj.testing.Numerics.ints;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CODI training on codi-gpt2-tiny (F32, every tensor trained, kd factor 1) against PyTorch in float64
 * (bench/codi_train_reference.py, kept in codi-gpt2-tiny-train.json): the loss terms and the gradient norms
 * of named tensors within 1e-4 relative, for single examples and a batch of two, and the loss over three
 * AdamW steps within 1%.
 */
class TrainGradientTest {
    /** The reference's names (HF's state dict) and the GGUF's. */
    static final Map<String, String> NAMES = Map.of(
            "codi.transformer.wte.weight", "token_embd.weight",
            "codi.transformer.wpe.weight", "position_embd.weight",
            "codi.transformer.h.0.attn.c_attn.weight", "blk.0.attn_qkv.weight",
            "codi.transformer.h.3.mlp.c_proj.weight", "blk.3.ffn_down.weight",
            "codi.transformer.ln_f.weight", "output_norm.weight",
            "prj.1.weight", "codi.prj.fc1.weight",
            "prj.ln.bias", "codi.prj.ln.bias");

    @TempDir
    static Path tmp;
    static Path gguf;
    static JsonNode ref;

    @BeforeAll
    static void setUp() throws IOException {
        try (InputStream in = TrainGradientTest.class.getResourceAsStream("codi-gpt2-tiny-train.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        gguf = TrainFixtures.codiGpt2TinyF32(tmp);
    }

    static Trainer trainer() throws IOException {
        try (GgufFile f = GgufFile.open(gguf)) {
            return Trainer.create(f, new Trainer.Options(6, 1.0f, 0, 16f, 0, 0, Backend.CPU, 0));
        }
    }

    static Example example(JsonNode e) {
        return new Example(Example.concat(ints(e.get("q")), new int[] {50258}), ints(e.get("ref")), e.get("ref_q").asInt(),
                e.get("colon_ref").asInt(), ints(e.get("dec")), e.get("colon_dec").asInt());
    }

    static void assertClose(double got, double want, double tol, String what) {
        double rel = Math.abs(got - want) / Math.max(Math.abs(want), 1e-30);
        assertTrue(rel <= tol, what + ": " + got + " vs PyTorch " + want + " (relative error " + rel + ")");
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    /** Every loss term and gradient norm of one batch against PyTorch; fails naming the worst, listing all. */
    static void checkBatch(Trainer tr, List<Example> rows, JsonNode want, String what) {
        tr.zeroGrad();
        Trainer.Losses l = tr.batch(rows, 1f, true);
        Map<String, double[]> got = new java.util.LinkedHashMap<>();
        got.put("ce_student", new double[] {l.ceStudent(), want.get("ce_student").asDouble()});
        got.put("ce_teacher", new double[] {l.ceTeacher(), want.get("ce_teacher").asDouble()});
        got.put("kd", new double[] {l.kd(), want.get("kd").asDouble()});
        got.put("loss", new double[] {l.loss(), want.get("loss").asDouble()});
        for (var e : NAMES.entrySet()) {
            got.put("|grad " + e.getKey() + "|", new double[] {norm(tr.get(e.getValue(), Trainer.Slot.GRAD)),
                    want.get("grad_norm").get(e.getKey()).asDouble()});
        }
        if (want.has("grad_norm_total")) got.put("|grad| of all tensors", new double[] {tr.gradNorm(), want.get("grad_norm_total").asDouble()});
        String worst = null;
        double worstErr = -1;
        StringBuilder all = new StringBuilder();
        for (var e : got.entrySet()) {
            double rel = Math.abs(e.getValue()[0] - e.getValue()[1]) / Math.abs(e.getValue()[1]);
            all.append(String.format(java.util.Locale.ROOT, "%n  %s %.9g vs %.9g: %.2e", e.getKey(), e.getValue()[0], e.getValue()[1], rel));
            if (rel > worstErr) {
                worstErr = rel;
                worst = e.getKey();
            }
        }
        if (System.getProperty("latentj.train.verbose") != null) System.err.println(what + all);
        assertTrue(worstErr <= 1e-4, what + ": " + worst + " is off by " + worstErr + " relative to PyTorch (float64):" + all);
    }

    @Test
    void lossTermsAndGradientNormsMatchPyTorchPerExampleAndForABatchOfTwo() throws IOException {
        try (Trainer tr = trainer()) {
            for (int i = 0; i < ref.get("examples").size(); i++) {
                JsonNode e = ref.get("examples").get(i);
                checkBatch(tr, List.of(example(e)), e, "example " + i);
            }
            JsonNode b = ref.get("batch2");
            List<Example> pair = new ArrayList<>();
            for (JsonNode e : b.get("examples")) pair.add(example(e));
            checkBatch(tr, pair, b, "batch of two");
        }
    }

    @Test
    void rowsOfDifferentLengthsArePaddedWithoutChangingTheirLosses() throws IOException {
        // beyond the reference, which takes equal question lengths only: each row is computed as if alone, and
        // the batch's cross-entropies are the token-weighted means of the rows'
        Example a = example(ref.get("examples").get(0)), c = example(ref.get("examples").get(2));
        // c with a two-token answer, so that the decoded parts differ in length too
        int[] dec = Example.concat(java.util.Arrays.copyOf(c.dec(), c.dec().length - 1), new int[] {642, c.dec()[c.dec().length - 1]});
        Example b = new Example(c.prompt(), c.ref(), c.refTargets(), c.colonRef(), dec, c.colonDec());
        assertTrue(a.prompt().length != b.prompt().length && a.dec().length != b.dec().length && a.ref().length != b.ref().length);
        try (Trainer tr = trainer()) {
            Trainer.Losses la = tr.batch(List.of(a), 1f, false), lb = tr.batch(List.of(b), 1f, false);
            Trainer.Losses ab = tr.batch(List.of(a, b), 1f, false);
            double na = a.dec().length - 1, nb = b.dec().length - 1;
            double ta = a.ref().length - a.refTargets(), tb = b.ref().length - b.refTargets();
            assertClose(ab.ceStudent(), (na * la.ceStudent() + nb * lb.ceStudent()) / (na + nb), 1e-5, "ce_student of the padded batch");
            assertClose(ab.ceTeacher(), (ta * la.ceTeacher() + tb * lb.ceTeacher()) / (ta + tb), 1e-5, "ce_teacher of the padded batch");
            assertClose(tr.batch(List.of(b, a), 1f, false).loss(), ab.loss(), 1e-6, "loss of the batch in the other order");
        }
    }

    @Test
    void lossFollowsPyTorchOverThreeAdamWSteps() throws IOException {
        JsonNode a = ref.get("adamw");
        Example e = example(ref.get("examples").get(a.get("example").asInt()));
        JsonNode losses = a.get("loss_before_each_step_and_after");
        Trainer.AdamW adamw = new Trainer.AdamW((float) a.get("lr").asDouble(), (float) a.get("betas").get(0).asDouble(),
                (float) a.get("betas").get(1).asDouble(), (float) a.get("eps").asDouble(), (float) a.get("weight_decay").asDouble());
        try (Trainer tr = trainer()) {
            for (int s = 0; s < 3; s++) {
                Trainer.Losses l = tr.batch(List.of(e), 1f, true);
                if (System.getProperty("latentj.train.verbose") != null) System.err.println("AdamW step " + (s + 1) + ": " + l.loss() + " vs " + losses.get(s));
                assertClose(l.loss(), losses.get(s).asDouble(), 0.01, "loss before AdamW step " + (s + 1));
                tr.step(adamw, 1f);
            }
            float after = tr.batch(List.of(e), 1f, false).loss();
            if (System.getProperty("latentj.train.verbose") != null) System.err.println("after 3 AdamW steps: " + after + " vs " + losses.get(3));
            assertClose(after, losses.get(3).asDouble(), 0.01, "loss after 3 AdamW steps");
            assertTrue(tr.steps() == 3, "steps counted: " + tr.steps());
        }
    }

    @Test
    void examplesAreLaidOutAsTheReferenceTokenizedThem() throws IOException {
        dev.latentj.tokenizer.Tokenizer tok = dev.latentj.tokenizer.Tokenizer.fromGguf(gguf);
        Example.Tokens t = new Example.Tokens(50258, 50259, 50256, "The answer is:");
        for (JsonNode e : ref.get("examples")) {
            Example got = Example.of(tok, t, new TrainItem(e.get("question").asText(), e.get("cot").asText(), e.get("answer").asText()));
            Example want = example(e);
            assertTrue(java.util.Arrays.equals(got.prompt(), want.prompt()) && java.util.Arrays.equals(got.ref(), want.ref())
                    && java.util.Arrays.equals(got.dec(), want.dec()) && got.refTargets() == want.refTargets()
                    && got.colonRef() == want.colonRef() && got.colonDec() == want.colonDec(), "layout of: " + e.get("question"));
        }
        assertTrue(Files.exists(gguf));
    }
}
