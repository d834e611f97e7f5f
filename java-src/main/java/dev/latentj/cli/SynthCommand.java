package dev.latentj.cli;

import dev.latentj.gguf.GgmlType;
import dev.latentj.synth.SynthModel;
import dev.latentj.synth.SynthPreset;
import dev.latentj.tokenizer.VocabData;
import dev.latentj.tokenizer.VocabLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code latentj synth}: random weights at a real model's shape, with its real tokenizer, for speed work. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a GGUF with random weights at a real model's shape (its published config.json) and its "
                + "real tokenizer (from llama.cpp's vocab files), for speed work only. llama.cpp loads it too, unless "
                + "--codi adds tensors it does not know. Tensor types follow llama.cpp's rules, as in `latentj convert`.")
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", required = true, paramLabel = "gpt2-124m|llama-3.2-1b|qwen2.5-1.5b|qwen3-0.6b",
            description = "the model whose shape and tokenizer to use")
    String preset;

    @Option(names = "--type", defaultValue = "f16", paramLabel = "f16|q8_0|q4_0|q4_k|...",
            description = "tensor type of 2-D weights: f32, f16, bf16, q8_0, q4_0, q4_k, q5_k or q6_k (default: ${DEFAULT-VALUE})")
    String type;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "output file")
    Path out;

    @Option(names = "--codi", description = "add a CODI projection (Linear, GELU, Linear, LayerNorm), its special tokens and codi.* metadata")
    boolean codi;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--vocab-dir", paramLabel = "DIR",
            description = "llama.cpp's models/ with ggml-vocab-*.gguf (default: the native build's copy, ~/.cache/latentj/llama.cpp/models)")
    Path vocabDir;

    @Option(names = {"-q", "--quiet"}, description = "no progress output")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        SynthPreset p;
        GgmlType t;
        try {
            p = SynthPreset.of(preset);
            t = ConvertCommand.parseType(type);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path vocabFile = (vocabDir != null ? vocabDir : defaultVocabDir()).resolve("ggml-vocab-" + p.vocab + ".gguf");
        if (!Files.isRegularFile(vocabFile)) {
            throw new IOException("llama.cpp vocab file not found: " + vocabFile + " (the native build fetches it; or pass --vocab-dir)");
        }
        VocabData vocab = VocabLoader.fromGguf(vocabFile);
        SynthModel.write("synth-" + p.id, p.config(), vocab, t, codi, seed, out, quiet ? null : new ConvertProgress(spec.commandLine().getErr()));
        spec.commandLine().getOut().println("wrote " + out + " (" + p.id + ", " + t + (codi ? ", CODI" : "") + ")");
        return 0;
    }

    /** Where native/cmake/fetch-ggml.cmake unpacks llama.cpp: $LATENTJ_CACHE or ~/.cache/latentj. */
    static Path defaultVocabDir() {
        String cache = System.getenv("LATENTJ_CACHE");
        Path root = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "latentj");
        return root.resolve("llama.cpp").resolve("models");
    }
}
