package dev.latentj.train;

import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.TokenizerSource;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The training tests' inputs: codi-gpt2-tiny as an F32 GGUF with its tokenizer, and synthetic problems. */
public final class TrainFixtures {
    private TrainFixtures() {}

    public static Path codiGpt2TinyF32(Path dir) throws IOException {
        Path src = Fixtures.fixture("codi-gpt2-tiny");
        Path gguf = dir.resolve("codi-gpt2-tiny-f32.gguf");
        if (!Files.exists(gguf)) {
            CheckpointConverter.convert(src, gguf, ConvertOptions.of(GgmlType.F32).withExtension(TokenizerSource.extension(src, null)));
        }
        return gguf;
    }

    /** The first n lines of the synthetic training sample (jsonl). */
    public static List<String> trainLines(int n) throws IOException {
        try (var lines = Files.lines(Fixtures.fixture("synth/codi-synth-train-sample.jsonl"))) {
            return lines.limit(n).toList();
        }
    }
}
