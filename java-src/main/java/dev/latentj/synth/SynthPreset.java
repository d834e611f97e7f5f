package dev.latentj.synth;

import dev.latentj.convert.HfConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Real models' shapes: each preset is the published {@code config.json} of the model (a resource next to this
 * class) and the llama.cpp vocab file with the same tokenizer.
 */
public enum SynthPreset {
    GPT2_124M("gpt2-124m", "gpt-2"),
    LLAMA_3_2_1B("llama-3.2-1b", "llama-bpe"),
    QWEN2_5_1_5B("qwen2.5-1.5b", "qwen2"),
    QWEN3_0_6B("qwen3-0.6b", "qwen2");

    /** The CLI name ("llama-3.2-1b"). */
    public final String id;
    /** llama.cpp's {@code models/ggml-vocab-NAME.gguf}. */
    public final String vocab;

    SynthPreset(String id, String vocab) {
        this.id = id;
        this.vocab = vocab;
    }

    public HfConfig config() {
        try (InputStream in = SynthPreset.class.getResourceAsStream(id + ".json")) {
            if (in == null) throw new IllegalStateException("preset resource " + id + ".json missing from the jar");
            return HfConfig.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SynthPreset of(String id) {
        for (SynthPreset p : values()) if (p.id.equals(id)) return p;
        throw new IllegalArgumentException("unknown preset '" + id + "' (" + String.join(", ", ids()) + ")");
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(p -> p.id).toList();
    }
}
