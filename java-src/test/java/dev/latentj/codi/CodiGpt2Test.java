package dev.latentj.codi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.convert.CheckpointConverter;
import dev.latentj.cot.TokenCot;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.latentj.testing.Numerics.floats;
import static dev.latentj.testing.Numerics.ints;
import static dev.latentj.testing.Numerics.relErr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trained CODI fixture (codi-gpt2-tiny) end to end against PyTorch's reference outputs. */
class CodiGpt2Test {
    static final int EOS = 50256;
    static final int BASE_VOCAB = 50257;

    @TempDir
    static Path tmp;
    static JsonNode ref;

    @BeforeAll
    static void readReference() throws IOException {
        ref = new ObjectMapper().readTree(Fixtures.fixture("codi-gpt2-tiny").resolve("reference.json").toFile());
    }

    static synchronized Model load(GgmlType type) throws IOException {
        Path gguf = tmp.resolve("codi-gpt2-tiny-" + type + ".gguf");
        if (!Files.exists(gguf)) {
            CheckpointConverter.convert(Fixtures.fixture("codi-gpt2-tiny"), gguf, dev.latentj.convert.ConvertOptions.of(type));
        }
        return Model.load(gguf, new Model.Options(Backend.CPU, 0));
    }

    static Codi codi(Model m) throws IOException {
        return new Codi(m, CodiConfig.from(m.file().metadata(), m.config().nVocab()).orElseThrow(), EOS);
    }

    @Test
    void latentsAndAfterEotLogitsMatchAtF32() throws IOException {
        try (Model m = load(GgmlType.F32)) {
            Codi codi = codi(m);
            for (int c = 0; c < ref.get("cases").size(); c++) {
                JsonNode cs = ref.get("cases").get(c);
                int[] prompt = ints(cs.get("prompt_ids"));
                int[] question = Arrays.copyOf(prompt, prompt.length - 1); // the reference prompt ends with bot
                try (Session s = codi.newSession(1, question.length, Codi.Options.defaults())) {
                    Codi.Result r = codi.run(s, List.of(question), new Codi.Options(12, true, false)).get(0);
                    for (int k = 0; k < 6; k++) {
                        double err = relErr(r.latents()[k], floats(cs.get("latents").get(k)));
                        assertTrue(err <= 1e-3, "case " + c + " latent " + k + ": relative error " + err);
                    }
                    for (int k = 0; k < 7; k++) {
                        double err = relErr(r.hidden()[k], floats(cs.get("hidden_before_prj").get(k)));
                        assertTrue(err <= 1e-3, "case " + c + " hidden " + k + ": relative error " + err);
                    }
                }
            }
            // after-eot logits of case 0: re-run by hand to read the full logits once
            JsonNode c0 = ref.get("cases").get(0);
            int[] prompt = ints(c0.get("prompt_ids"));
            try (Session s = m.newSession(Session.Options.of(1, 64))) {
                Generation.prefill(s, new int[] {0}, List.of(prompt), Row.Output.HIDDEN);
                s.latentLoop(new int[] {0}, 6, false, false);
                s.decode(List.of(new Row.Token(0, prompt.length + 6, 50259, Row.Output.LOGITS)));
                double err = relErr(s.logits(0), floats(c0.get("after_eot_logits")));
                assertTrue(err <= 1e-3, "after-eot logits: relative error " + err);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16"})
    void greedyIdsMatchOnAllCases(GgmlType type) throws IOException {
        try (Model m = load(type)) {
            List<int[]> questions = new ArrayList<>();
            int longest = 0;
            for (JsonNode cs : ref.get("cases")) {
                int[] p = ints(cs.get("prompt_ids"));
                questions.add(Arrays.copyOf(p, p.length - 1));
                longest = Math.max(longest, p.length);
            }
            Codi codi = codi(m);
            try (Session s = codi.newSession(questions.size(), longest, Codi.Options.defaults())) {
                List<Codi.Result> got = codi.run(s, questions, Codi.Options.defaults());
                for (int c = 0; c < got.size(); c++) {
                    assertArrayEquals(ints(ref.get("cases").get(c).get("codi_greedy_ids")), got.get(c).answerIds(),
                            type + " case " + c + ": CODI greedy ids");
                }
            }
            TokenCot cot = new TokenCot(m, EOS, BASE_VOCAB);
            try (Session s = cot.newSession(questions.size(), longest, 48)) {
                int[][] got = cot.run(s, questions, 48);
                for (int c = 0; c < got.length; c++) {
                    assertArrayEquals(ints(ref.get("cases").get(c).get("cot_greedy_ids")), got[c], type + " case " + c + ": CoT greedy ids");
                }
            }
        }
    }

    @Test
    void softInputNextLogitsMatchAtF32() throws IOException {
        JsonNode soft = ref.get("soft_input");
        int[] prompt = ints(soft.get("prompt_ids"));
        try (Model m = load(GgmlType.F32); Session s = m.newSession(Session.Options.of(1, 64))) {
            Generation.prefill(s, new int[] {0}, List.of(prompt), Row.Output.NONE);
            s.decode(List.of(new Row.Mixture(0, prompt.length, ints(soft.get("mixture_ids")), floats(soft.get("mixture_weights")), Row.Output.LOGITS)));
            double err = relErr(s.logits(0), floats(soft.get("next_logits")));
            assertTrue(err <= 1e-3, "soft input next logits: relative error " + err);
        }
    }
}
