package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.latentj.convert.HfConverterTest.floats;
import static org.junit.jupiter.api.Assertions.*;

class CodiConversionTest {
    @TempDir
    Path tmp;

    @Test
    void codiGpt2FromShardedBf16() throws IOException {
        Path dir = Fixtures.fixture("codi-gpt2-tiny");
        Path out = tmp.resolve("codi.gguf");
        assertEquals(CheckpointConverter.Kind.CODI, CheckpointConverter.convert(dir, out, ConvertOptions.of(GgmlType.F16)));
        try (GgufFile f = GgufFile.open(out); SafetensorsReader r = SafetensorsReader.open(dir)) {
            GgufMetadata md = f.metadata();
            assertEquals("gpt2", md.getString("general.architecture"));
            assertEquals(50260, md.getInt("gpt2.vocab_size"));
            assertEquals(50258, md.getInt("codi.bot_token_id"));
            assertEquals(50259, md.getInt("codi.eot_token_id"));
            assertEquals(50257, md.getInt("codi.pad_token_id"));
            assertEquals(6, md.getInt("codi.num_latent"));
            assertEquals(256, md.getInt("codi.prj_dim"));
            assertTrue(md.getBool("codi.prj_layernorm"));
            assertEquals(1e-5f, md.getFloat("codi.prj_layernorm_eps"));
            assertEquals("The answer is:", md.getString("codi.answer_prompt"));
            assertTrue(f.tensor("output.weight").isEmpty(), "tied output is absent");
            assertArrayEquals(new long[] {256, 50260}, f.tensor("token_embd.weight").orElseThrow().ne());
            assertEquals(GgmlType.F16, f.tensor("token_embd.weight").orElseThrow().type());
            for (String n : new String[] {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "ln.weight", "ln.bias"}) {
                GgufTensorInfo t = f.tensor("codi.prj." + n).orElseThrow();
                assertEquals(GgmlType.F32, t.type(), n);
            }
            // bf16 -> f32 is exact
            assertArrayEquals(r.tensors().get("prj.3.weight").toFloats(), floats(f.tensorData(f.tensor("codi.prj.fc2.weight").orElseThrow())));
            assertArrayEquals(r.tensors().get("codi.transformer.ln_f.weight").toFloats(), floats(f.tensorData(f.tensor("output_norm.weight").orElseThrow())));
            assertEquals(4 * 12 + 4 + 6, f.tensors().size());
        }
    }

    @Test
    void codiLlamaLoraMergedBeforePermute() throws IOException {
        Path dir = Fixtures.fixture("codi-llama-lora-tiny");
        Path out = tmp.resolve("codi-llama.gguf");
        CheckpointConverter.convert(dir, out, ConvertOptions.of(GgmlType.F32));
        try (GgufFile f = GgufFile.open(out); SafetensorsReader r = SafetensorsReader.open(dir)) {
            Map<String, SourceTensor> s = r.tensors();
            String m = "codi.base_model.model.model.layers.1.mlp.down_proj.";
            float[] merged = expectMerged(s, m, 64, 176, 8, 32.0 / 8);
            assertArrayEquals(merged, floats(f.tensorData(f.tensor("blk.1.ffn_down.weight").orElseThrow())), 1e-6f);
            // q: merge, then llama.cpp's permute (4 heads of 16 rows)
            float[] q = expectMerged(s, "codi.base_model.model.model.layers.0.self_attn.q_proj.", 64, 64, 8, 4.0);
            float[] gq = floats(f.tensorData(f.tensor("blk.0.attn_q.weight").orElseThrow()));
            for (int h = 0; h < 4; h++) {
                for (int i = 0; i < 8; i++) {
                    for (int c = 0; c < 64; c++) {
                        assertEquals(q[(h * 16 + i) * 64 + c], gq[(h * 16 + 2 * i) * 64 + c], 1e-6f);
                        assertEquals(q[(h * 16 + 8 + i) * 64 + c], gq[(h * 16 + 2 * i + 1) * 64 + c], 1e-6f);
                    }
                }
            }
            assertEquals(513, f.metadata().getInt("codi.bot_token_id"));
            assertEquals(96, f.metadata().getInt("codi.prj_dim"));
            assertEquals(515, f.metadata().getInt("llama.vocab_size"));
            assertTrue(f.tensor("output.weight").isEmpty());
            assertArrayEquals(new long[] {64, 96}, f.tensor("codi.prj.fc1.weight").orElseThrow().ne());
        }
    }

    /** W + (alpha/r) * B @ A, the test's own computation in double. */
    static float[] expectMerged(Map<String, SourceTensor> s, String m, int out, int in, int r, double scale) {
        float[] w = s.get(m + "base_layer.weight").toFloats();
        float[] a = s.get(m + "lora_A.default.weight").toFloats();
        float[] b = s.get(m + "lora_B.default.weight").toFloats();
        float[] res = new float[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double acc = 0;
                for (int k = 0; k < r; k++) acc += (double) b[o * r + k] * a[k * in + i];
                res[o * in + i] = (float) (w[o * in + i] + scale * acc);
            }
        }
        return res;
    }

    @Test
    void loraErrors() {
        Map<String, Weight> w = new LinkedHashMap<>();
        w.put("m.lora_A.default.weight", new Weight("m.lora_A.default.weight", new long[] {2, 4}, () -> new float[8]));
        w.put("m.lora_B.default.weight", new Weight("m.lora_B.default.weight", new long[] {3, 2}, () -> new float[6]));
        ConversionException e = assertThrows(ConversionException.class, () -> LoraMerge.merge(w, 2, 4.0));
        assertEquals("LoRA tensor 'm.lora_A.default.weight' has no base weight 'm.base_layer.weight'", e.getMessage());
        w.put("m.base_layer.weight", new Weight("m.base_layer.weight", new long[] {3, 5}, () -> new float[15]));
        e = assertThrows(ConversionException.class, () -> LoraMerge.merge(w, 2, 4.0));
        assertTrue(e.getMessage().startsWith("LoRA shapes do not fit 'm.weight': base [3, 5], lora_A [2, 4], lora_B [3, 2]"), e.getMessage());
        e = assertThrows(ConversionException.class, () -> LoraMerge.merge(w, null, 4.0));
        assertTrue(e.getMessage().startsWith("LoRA rank r missing"), e.getMessage());
        e = assertThrows(ConversionException.class, () -> LoraMerge.merge(w, 2, null));
        assertTrue(e.getMessage().startsWith("LoRA alpha missing"), e.getMessage());
    }
}
