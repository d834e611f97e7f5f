package dev.latentj.importing;

import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.TokenizerSource;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.tokenizer.Tokenizer;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** stories260K (llama2.c) converted with its tokenizer, then greedy-generated from BOS as llama2.c's run does. */
class Stories260kTest {
    static final String EXPECTED = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";

    @TempDir
    Path tmp;

    Path convert(GgmlType type) throws IOException {
        Path dir = Fixtures.shared("data/models/stories260K");
        Path out = tmp.resolve("stories260K-" + type + ".gguf");
        ConvertOptions o = ConvertOptions.of(type).withExtension(TokenizerSource.extension(dir, dir.resolve("tok512.bin")));
        assertEquals(CheckpointConverter.Kind.LLAMA2C, CheckpointConverter.convert(dir.resolve("stories260K.bin"), out, o));
        return out;
    }

    @Test
    void metadataAsLlamaCppsConverterWritesIt() throws IOException {
        try (GgufFile f = GgufFile.open(convert(GgmlType.F32))) {
            GgufMetadata md = f.metadata();
            assertEquals("llama", md.getString("general.architecture"));
            assertEquals(512, md.getInt("llama.context_length"));
            assertEquals(64, md.getInt("llama.embedding_length"));
            assertEquals(172, md.getInt("llama.feed_forward_length"));
            assertEquals(5, md.getInt("llama.block_count"));
            assertEquals(8, md.getInt("llama.attention.head_count"));
            assertEquals(4, md.getInt("llama.attention.head_count_kv"));
            assertEquals(8, md.getInt("llama.rope.dimension_count"));
            assertEquals(1e-5f, md.getFloat("llama.attention.layer_norm_rms_epsilon"));
            assertEquals("llama", md.getString("tokenizer.ggml.model"));
            assertEquals(512, md.getArray("tokenizer.ggml.tokens").size());
            assertEquals(1, md.getInt("tokenizer.ggml.bos_token_id"));
            assertEquals(2, md.getInt("tokenizer.ggml.eos_token_id"));
            assertEquals(0, md.getInt("tokenizer.ggml.unknown_token_id"));
            assertTrue(md.getBool("tokenizer.ggml.add_bos_token"));
            assertTrue(f.tensor("output.weight").isEmpty(), "shared classifier: no output.weight");
            assertEquals(2 + 5 * 9, f.tensors().size());
        }
    }

    @Test
    void tokenizerBesideTheModelIsFound() throws IOException {
        Path dir = Fixtures.shared("data/models/stories260K");
        Path out = tmp.resolve("auto.gguf");
        // the directory form: the one non-tokenizer .bin is the model, the one tok*.bin its tokenizer
        CheckpointConverter.convert(dir, out, ConvertOptions.of(GgmlType.F32).withExtension(TokenizerSource.extension(dir, null)));
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(512, f.metadata().getArray("tokenizer.ggml.tokens").size());
        }
    }

    @Test
    void greedyFromBosTellsTheStory() throws IOException {
        Path gguf = convert(GgmlType.F32);
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 2)); Session s = m.newSession(Session.Options.single())) {
            Tokenizer tok = Tokenizer.fromGguf(m.file());
            Generation.prefill(s, new int[] {0}, List.of(new int[] {tok.bos()}), Row.Output.LOGITS);
            int first = s.argmax(0);
            int[] ids = Generation.continueFrom(s, new int[] {0}, new int[] {1}, new int[] {first}, tok.eos(), 40)[0];
            assertEquals(40, ids.length, "generated ids");
            String text = tok.decode(ids);
            assertTrue(text.startsWith(EXPECTED), "greedy text from BOS:\n  got  '" + text + "'\n  want '" + EXPECTED + "...'");
        }
    }
}
