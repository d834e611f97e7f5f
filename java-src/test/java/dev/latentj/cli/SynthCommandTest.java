package dev.latentj.cli;

import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.engine.ModelConfig;
import dev.latentj.testing.LlamaVocabs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj synth` through Main: a real preset end to end (GPT-2 124M, the smallest), and its usage errors. */
class SynthCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void gpt2PresetHasGpt2sShapeAndTokenizer() throws Exception {
        Path vocab = LlamaVocabs.requireDir();
        Path f = dir.resolve("gpt2.gguf");
        assertEquals(0, console.run("synth", "--preset", "gpt2-124m", "--type", "q4_0", "-o", f.toString(), "--vocab-dir", vocab.toString()),
                console.err());
        assertTrue(console.err().contains("blk.11.ffn_down.weight"), "progress per tensor on stderr");
        try (Model m = Model.load(f, new Model.Options(Backend.CPU, 1))) {
            ModelConfig c = m.config();
            assertEquals(new ModelConfig(dev.latentj.engine.Arch.fromGguf("gpt2"), 50257, 768, 12, 12, 12, 64, 3072, 1024, 1e-5f, 10000f), c);
            assertFalse(m.hasProjection());
            assertEquals("gpt-2", m.file().metadata().getString("tokenizer.ggml.pre"));
        }
    }

    @Test
    void usageErrors() {
        String o = dir.resolve("x.gguf").toString();
        assertEquals(2, console.run("synth", "--preset", "llama-7b", "-o", o));
        assertTrue(console.err().contains("unknown preset 'llama-7b'"));
        assertEquals(2, console.run("synth", "--preset", "gpt2-124m", "--type", "q3_k", "-o", o));
        assertEquals(2, console.run("synth", "--preset", "gpt2-124m"));
        assertFalse(Files.exists(Path.of(o)));
    }

    @Test
    void aMissingVocabularyIsOneErrorLine() {
        assertEquals(1, console.run("synth", "--preset", "qwen3-0.6b", "-o", dir.resolve("x.gguf").toString(), "--vocab-dir", dir.toString()));
        String e = console.err().strip();
        assertTrue(e.startsWith("error: llama.cpp vocab file not found: ") && e.contains("ggml-vocab-qwen2.gguf") && !e.contains("\n"), e);
    }
}
