package dev.latentj.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.convert.ConversionException;
import dev.latentj.convert.HfConfig;
import dev.latentj.convert.Weight;
import dev.latentj.engine.Arch;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.engine.ModelConfig;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.testing.LlamaVocabs;
import dev.latentj.tokenizer.Tokenizer;
import dev.latentj.tokenizer.VocabData;
import dev.latentj.tokenizer.VocabLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synthetic models: the presets' real shapes, and small files of each layout that load with their real tokenizer. */
class SynthModelTest {
    @TempDir
    Path dir;

    /** Parameter counts the published models state (tied embeddings counted once). */
    @ParameterizedTest
    @EnumSource(SynthPreset.class)
    void presetsHaveTheRealModelsParameterCounts(SynthPreset p) throws Exception {
        long want = switch (p) {
            case GPT2_124M -> 124_439_808L;
            case LLAMA_3_2_1B -> 1_235_814_400L;
            case QWEN2_5_1_5B -> 1_543_714_304L;
            case QWEN3_0_6B -> 596_049_920L;
        };
        long n = 0;
        for (Weight w : SynthModel.checkpoint(p.config(), 0).values()) n += w.numel(); // shapes only: nothing is generated
        assertEquals(want, n);
    }

    /** A preset's layout at a width of 64 and 2 layers, with the preset's real vocabulary. */
    private static HfConfig tiny(SynthPreset p) {
        ObjectNode j = ((ObjectNode) p.config().json()).deepCopy();
        if (p == SynthPreset.GPT2_124M) {
            j.put("n_embd", 64).put("n_head", 4).put("n_layer", 2).put("n_positions", 32).put("n_ctx", 32);
        } else {
            j.put("hidden_size", 64).put("num_attention_heads", 4).put("num_key_value_heads", 2).put("num_hidden_layers", 2)
                    .put("intermediate_size", 128).put("head_dim", 32).put("max_position_embeddings", 64);
        }
        return new HfConfig(j);
    }

    @ParameterizedTest
    @EnumSource(SynthPreset.class)
    void aSmallFileOfEachLayoutLoadsWithItsRealTokenizer(SynthPreset p) throws Exception {
        VocabData vocab = VocabLoader.fromGguf(LlamaVocabs.gguf(p.vocab));
        Path f = dir.resolve(p.id + ".gguf");
        SynthModel.write("synth-test", tiny(p), vocab, GgmlType.Q8_0, false, 7, f, null);
        try (Model m = Model.load(f, new Model.Options(Backend.CPU, 1))) {
            ModelConfig c = m.config();
            assertEquals(Arch.fromGguf(p.config().modelType()), c.arch());
            assertEquals(64, c.nEmbd());
            assertEquals(2, c.nLayer());
            assertEquals(vocab.size(), c.nVocab());
            assertEquals(p.config().requireInt("vocab_size"), c.nVocab(), "the preset's vocabulary is the tokenizer's");
            assertFalse(m.hasProjection());
            VocabData back = VocabLoader.fromGguf(m.file());
            assertEquals(vocab.tokens(), back.tokens());
            assertEquals(vocab.merges(), back.merges());
            assertEquals(vocab.pre(), back.pre());
            Tokenizer tok = Tokenizer.of(back);
            int[] ids = tok.encode("Hello world, 123", false, false);
            assertEquals("Hello world, 123", tok.decode(ids));
            try (Session s = m.newSession(Session.Options.of(1, 16))) {
                s.decode(List.of(new Row.Token(0, 0, ids[0], Row.Output.LOGITS)));
                for (float x : s.logits(0)) assertTrue(Float.isFinite(x));
            }
        }
    }

    @Test
    void codiAddsTheProjectionItsTokensAndMetadata() throws Exception {
        VocabData vocab = VocabLoader.fromGguf(LlamaVocabs.gguf("gpt-2"));
        Path f = dir.resolve("codi.gguf");
        SynthModel.write("synth-test", tiny(SynthPreset.GPT2_124M), vocab, GgmlType.Q8_0, true, 7, f, null);
        try (Model m = Model.load(f, new Model.Options(Backend.CPU, 1))) {
            assertTrue(m.hasProjection());
            assertEquals(50257 + 3, m.config().nVocab());
            var md = m.file().metadata();
            assertEquals(50257, md.getLong("codi.pad_token_id"));
            assertEquals(50258, md.getLong("codi.bot_token_id"));
            assertEquals(50259, md.getLong("codi.eot_token_id"));
            assertEquals("<|bot|>", VocabLoader.fromGguf(m.file()).tokens().get(50258));
            assertEquals(GgmlType.F32, m.file().tensor("codi.prj.fc1.weight").orElseThrow().type());
            try (Session s = m.newSession(Session.Options.of(1, 16))) {
                s.decode(List.of(new Row.Token(0, 0, 50258, Row.Output.HIDDEN)));
                Session.LatentTrace t = s.latentLoop(new int[] {0}, 3, false, true);
                for (float x : t.hidden()[3][0]) assertTrue(Float.isFinite(x));
            }
        }
    }

    @Test
    void sameSeedSameBytesAndTypesFollowLlamaCppsRules() throws Exception {
        VocabData vocab = VocabLoader.fromGguf(LlamaVocabs.gguf("llama-bpe"));
        Path a = dir.resolve("a.gguf"), b = dir.resolve("b.gguf");
        SynthModel.write("x", tiny(SynthPreset.LLAMA_3_2_1B), vocab, GgmlType.Q4_0, false, 3, a, null);
        SynthModel.write("x", tiny(SynthPreset.LLAMA_3_2_1B), vocab, GgmlType.Q4_0, false, 3, b, null);
        assertArrayEquals(java.nio.file.Files.readAllBytes(a), java.nio.file.Files.readAllBytes(b));
        try (GgufFile g = GgufFile.open(a)) {
            assertEquals(GgmlType.Q4_0, g.tensor("blk.0.attn_q.weight").orElseThrow().type());
            // the tied output gets Q6_K from llama-quantize; its rows of 64 are no whole Q6_K block, so Q8_0
            assertEquals(GgmlType.Q8_0, g.tensor("token_embd.weight").orElseThrow().type());
            assertEquals(GgmlType.F32, g.tensor("blk.0.attn_norm.weight").orElseThrow().type());
            assertTrue(g.tensor("rope_freqs.weight").isPresent(), "llama3 rope scaling, as in the real file");
            assertEquals(2, g.metadata().getLong("general.file_type"));
        }
    }

    @Test
    void valuesAreNormScalesOfOneBiasesOfZeroAndSmallRandomElsewhere() {
        assertTrue(RandomWeights.isNormScale("h.0.ln_1.weight"));
        assertTrue(RandomWeights.isNormScale("ln_f.weight"));
        assertTrue(RandomWeights.isNormScale("model.layers.3.post_attention_layernorm.weight"));
        assertTrue(RandomWeights.isNormScale("model.layers.3.self_attn.q_norm.weight"));
        assertTrue(RandomWeights.isNormScale("codi.prj.ln.weight"));
        assertFalse(RandomWeights.isNormScale("h.0.mlp.c_fc.weight"));
        assertFalse(RandomWeights.isNormScale("model.layers.0.self_attn.k_proj.weight"));
        float[] v = RandomWeights.values("model.layers.0.mlp.up_proj.weight", 1, 3_000_000);
        double sum = 0, sq = 0;
        for (float x : v) {
            sum += x;
            sq += x * x;
        }
        assertEquals(0, sum / v.length, 1e-3);
        assertEquals(0.02, Math.sqrt(sq / v.length), 1e-3);
        assertArrayEquals(v, RandomWeights.values("model.layers.0.mlp.up_proj.weight", 1, 3_000_000));
        for (float x : RandomWeights.values("h.0.attn.c_attn.bias", 1, 10)) assertEquals(0f, x);
    }

    @Test
    void anUnknownLayoutIsAConversionError() throws Exception {
        HfConfig c = HfConfig.of("{\"model_type\": \"mamba\", \"vocab_size\": 10}");
        org.junit.jupiter.api.Assertions.assertThrows(ConversionException.class, () -> SynthModel.checkpoint(c, 0));
    }
}
