package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HfConverterTest {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path tmp;

    static float[] floats(MemorySegment s) {
        float[] f = new float[(int) (s.byteSize() / 4)];
        for (int i = 0; i < f.length; i++) f[i] = s.getAtIndex(F32, i);
        return f;
    }

    static float[] source(Path dir, String name) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(dir)) {
            return r.tensors().get(name).toFloats();
        }
    }

    static GgufFile convert(Path dir, Path out, GgmlType type) throws IOException {
        List<String> seen = new ArrayList<>();
        HfConverter.convert(dir, out, type, (i, n, name, t, bytes) -> seen.add(name));
        GgufFile f = GgufFile.open(out);
        assertEquals(f.tensors().stream().map(GgufTensorInfo::name).toList(), seen, "progress reports every tensor in order");
        return f;
    }

    @ParameterizedTest
    @CsvSource({"arch-gpt2,F32", "arch-gpt2,F16", "arch-llama,F32", "arch-llama,F16",
            "arch-qwen2,F32", "arch-qwen2,F16", "arch-qwen3,F32", "arch-qwen3,F16"})
    void convertsArchFixtures(String fixture, GgmlType type) throws IOException {
        Path dir = Fixtures.fixture(fixture);
        String arch = fixture.substring(5);
        try (GgufFile f = convert(dir, tmp.resolve("o.gguf"), type)) {
            GgufMetadata md = f.metadata();
            assertEquals(arch, md.getString("general.architecture"));
            assertEquals(type == GgmlType.F32 ? 0 : 1, md.getInt("general.file_type"));
            assertEquals(2, md.getInt(arch + ".block_count"));
            assertEquals(64, md.getInt(arch + ".embedding_length"));
            assertEquals(4, md.getInt(arch + ".attention.head_count"));
            assertEquals(512, md.getInt(arch + ".vocab_size"));
            assertEquals(128, md.getInt(arch + ".context_length"));
            GgufTensorInfo emb = f.tensor("token_embd.weight").orElseThrow();
            assertArrayEquals(new long[] {64, 512}, emb.ne());
            assertEquals(type, emb.type());
            for (GgufTensorInfo t : f.tensors()) {
                if (t.nDims() == 1) assertEquals(GgmlType.F32, t.type(), t.name());
            }
            if (arch.equals("gpt2")) {
                assertEquals(256, md.getInt("gpt2.feed_forward_length"));
                assertEquals(1e-5f, md.getFloat("gpt2.attention.layer_norm_epsilon"));
                assertEquals(GgmlType.F32, f.tensor("position_embd.weight").orElseThrow().type());
                assertArrayEquals(new long[] {64, 192}, f.tensor("blk.0.attn_qkv.weight").orElseThrow().ne());
                assertArrayEquals(new long[] {256, 64}, f.tensor("blk.1.ffn_down.weight").orElseThrow().ne());
                assertTrue(f.tensor("output.weight").isEmpty(), "tied gpt2 has no output.weight");
                assertEquals(2 + 12 * 2 + 2, f.tensors().size());
            } else {
                assertEquals(2, md.getInt(arch + ".attention.head_count_kv"));
                assertEquals(176, md.getInt(arch + ".feed_forward_length"));
                assertEquals(16, md.getInt(arch + ".rope.dimension_count"));
                assertArrayEquals(new long[] {64, 32}, f.tensor("blk.0.attn_k.weight").orElseThrow().ne());
                assertArrayEquals(new long[] {176, 64}, f.tensor("blk.0.ffn_down.weight").orElseThrow().ne());
                assertEquals(arch.equals("llama"), f.tensor("output.weight").isPresent(), "only llama is untied");
                assertEquals(arch.equals("qwen2"), f.tensor("blk.1.attn_v.bias").isPresent());
                assertEquals(arch.equals("qwen3"), f.tensor("blk.1.attn_q_norm.weight").isPresent());
                float theta = arch.equals("llama") ? 500000f : 1000000f;
                assertEquals(theta, md.getFloat(arch + ".rope.freq_base"));
                if (arch.equals("qwen3")) assertEquals(16, md.getInt("qwen3.attention.key_length"));
            }
            if (type == GgmlType.F16) {
                float[] src = source(dir, arch.equals("gpt2") ? "transformer.wte.weight" : "model.embed_tokens.weight");
                MemorySegment d = f.tensorData(emb);
                for (int i = 0; i < src.length; i++) assertEquals(Float.floatToFloat16(src[i]), d.getAtIndex(I16, i));
            }
        }
    }

    @Test
    void gpt2ConvWeightsAreTransposed() throws IOException {
        Path dir = Fixtures.fixture("arch-gpt2");
        float[] src = source(dir, "transformer.h.0.attn.c_attn.weight"); // [64 in, 192 out]
        try (GgufFile f = convert(dir, tmp.resolve("g.gguf"), GgmlType.F32)) {
            float[] got = floats(f.tensorData(f.tensor("blk.0.attn_qkv.weight").orElseThrow())); // ne [64, 192]: row o, col i
            for (int o = 0; o < 192; o++) {
                for (int i = 0; i < 64; i++) assertEquals(src[i * 192 + o], got[o * 64 + i]);
            }
            assertArrayEquals(source(dir, "transformer.h.1.ln_2.bias"), floats(f.tensorData(f.tensor("blk.1.ffn_norm.bias").orElseThrow())));
        }
    }

    @Test
    void llamaQkArePermutedAsLlamaCpp() throws IOException {
        Path dir = Fixtures.fixture("arch-llama");
        float[] q = source(dir, "model.layers.0.self_attn.q_proj.weight"); // [64, 64], 4 heads of 16
        float[] k = source(dir, "model.layers.1.self_attn.k_proj.weight"); // [32, 64], 2 kv heads
        try (GgufFile f = convert(dir, tmp.resolve("l.gguf"), GgmlType.F32)) {
            float[] gq = floats(f.tensorData(f.tensor("blk.0.attn_q.weight").orElseThrow()));
            float[] gk = floats(f.tensorData(f.tensor("blk.1.attn_k.weight").orElseThrow()));
            // by hand: head h, HF rows [h*16 .. h*16+8) are the first halves, [h*16+8 .. h*16+16) the second halves;
            // llama.cpp interleaves them: out row h*16 + 2i is HF row h*16 + i, out row h*16 + 2i + 1 is HF row h*16 + 8 + i
            for (int h = 0; h < 4; h++) {
                for (int i = 0; i < 8; i++) {
                    for (int c = 0; c < 64; c++) {
                        assertEquals(q[(h * 16 + i) * 64 + c], gq[(h * 16 + 2 * i) * 64 + c]);
                        assertEquals(q[(h * 16 + 8 + i) * 64 + c], gq[(h * 16 + 2 * i + 1) * 64 + c]);
                    }
                }
            }
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < 8; i++) {
                    for (int c = 0; c < 64; c++) {
                        assertEquals(k[(h * 16 + i) * 64 + c], gk[(h * 16 + 2 * i) * 64 + c]);
                        assertEquals(k[(h * 16 + 8 + i) * 64 + c], gk[(h * 16 + 2 * i + 1) * 64 + c]);
                    }
                }
            }
            // v is untouched, output is the untied lm_head
            assertArrayEquals(source(dir, "model.layers.0.self_attn.v_proj.weight"), floats(f.tensorData(f.tensor("blk.0.attn_v.weight").orElseThrow())));
            assertArrayEquals(source(dir, "lm_head.weight"), floats(f.tensorData(f.tensor("output.weight").orElseThrow())));
        }
    }

    @Test
    void qwenQkAreNotPermuted() throws IOException {
        Path dir = Fixtures.fixture("arch-qwen2");
        try (GgufFile f = convert(dir, tmp.resolve("q.gguf"), GgmlType.F32)) {
            assertArrayEquals(source(dir, "model.layers.0.self_attn.q_proj.weight"), floats(f.tensorData(f.tensor("blk.0.attn_q.weight").orElseThrow())));
            assertArrayEquals(source(dir, "model.layers.0.self_attn.k_proj.bias"), floats(f.tensorData(f.tensor("blk.0.attn_k.bias").orElseThrow())));
        }
    }

    @Test
    void llama3RopeFreqs() throws IOException {
        HfConfig c = HfConfig.of("""
                {"model_type":"llama","rope_scaling":{"rope_type":"llama3","factor":32.0,"low_freq_factor":1.0,
                 "high_freq_factor":4.0,"original_max_position_embeddings":8192},"rope_theta":500000.0}""");
        float[] f = RopeFreqs.llama3(c, 64);
        assertEquals(32, f.length);
        assertEquals(1f, f[0]);
        assertEquals(32f, f[31]);
        // a middle frequency, computed by hand in double: smooth interpolation between 1 and factor
        for (int i = 0; i < 32; i++) {
            double freq = 1 / Math.pow(500000, 2.0 * i / 64), wl = 2 * Math.PI / freq;
            double expect = wl < 2048 ? 1 : wl > 8192 ? 32 : 1 / ((1 - (8192 / wl - 1) / 3) / 32 + (8192 / wl - 1) / 3);
            assertEquals(expect, f[i], 1e-4 * expect);
        }
    }

    @Test
    void shapeMismatchNamesTensorAndShapes() {
        Map<String, Weight> w = new java.util.LinkedHashMap<>();
        w.put("model.embed_tokens.weight", new Weight("model.embed_tokens.weight", new long[] {512, 32}, () -> new float[512 * 32]));
        HfConfig c = assertDoesNotThrow(() -> HfConfig.of("""
                {"model_type":"llama","vocab_size":512,"hidden_size":64,"num_attention_heads":4,"num_hidden_layers":1,
                 "intermediate_size":128,"max_position_embeddings":64,"rms_norm_eps":1e-5}"""));
        ConversionException e = assertThrows(ConversionException.class, () -> new LlamaMapping().mapTensors(c, w));
        assertEquals("tensor 'model.embed_tokens.weight' has shape [512, 32], config expects [512, 64]", e.getMessage());
        HfConfig bad = assertDoesNotThrow(() -> HfConfig.of("""
                {"model_type":"llama","vocab_size":512,"hidden_size":64,"num_attention_heads":5,"num_hidden_layers":1,
                 "intermediate_size":128,"max_position_embeddings":64,"rms_norm_eps":1e-5}"""));
        e = assertThrows(ConversionException.class, () -> new LlamaMapping().mapTensors(bad, w));
        assertTrue(e.getMessage().contains("hidden_size 64 is not divisible by num_attention_heads 5"), e.getMessage());
        w.clear();
        e = assertThrows(ConversionException.class, () -> new LlamaMapping().mapTensors(c, w));
        assertEquals("missing tensor 'model.embed_tokens.weight' (expected shape [512, 64])", e.getMessage());
    }

    @Test
    void unknownTensorsAndModelsAreErrors() throws IOException {
        HfConfig c = HfConfig.of("{\"model_type\":\"mamba\"}");
        ConversionException e = assertThrows(ConversionException.class, () -> ArchMapping.forConfig(c));
        assertTrue(e.getMessage().contains("unsupported model: model_type 'mamba'"));
    }
}
