package dev.latentj.cli;

import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.CheckpointLayout;
import dev.latentj.convert.CodiSplit;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.TokenizerSource;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.io.OutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code latentj convert SRC -o OUT.gguf}: HF / CODI / PyTorch / llama2.c checkpoints to GGUF. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a checkpoint to GGUF: a Hugging Face or CODI directory (config.json + safetensors, sharded "
                + "safetensors or pytorch_model.bin), one such weight file, or a llama2.c .bin model.")
public final class ConvertCommand implements Callable<Integer> {
    /** The --type values: plain types, and quantised ones through ggml (K types are llama.cpp's _M mixes). */
    static final List<GgmlType> TYPES = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0,
            GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC",
            description = "checkpoint directory, .safetensors / pytorch_model.bin next to config.json, or llama2.c .bin")
    Path src;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.gguf",
            description = "output file; written whole or not at all, never over an input")
    Path out;

    @Option(names = "--force", description = "replace OUT.gguf if it exists (an input is never replaced)")
    boolean force;

    @Option(names = "--type", defaultValue = "f16", paramLabel = "f32|f16|bf16|q8_0|q4_0|q4_k|q5_k|q6_k",
            description = "tensor type of 2-D weights, with llama.cpp's per-tensor rules (norms, biases, 1-D tensors stay "
                    + "f32; q4_k/q5_k are the _M mixes); default ${DEFAULT-VALUE}")
    String type;

    @Option(names = "--codi-config", paramLabel = "codi.json", description = "CODI settings (default: SRC/codi.json)")
    Path codiConfig;

    @Option(names = "--lora-alpha", paramLabel = "A", description = "LoRA alpha (overrides codi.json)")
    Double loraAlpha;

    @Option(names = "--lora-r", paramLabel = "R", description = "LoRA rank (overrides codi.json)")
    Integer loraR;

    @Option(names = "--tokenizer", paramLabel = "PATH",
            description = "tokenizer to embed: tokenizer.json, vocab.json (merges.txt beside it), llama2.c tok*.bin or a GGUF (default: found beside SRC)")
    Path tokenizer;

    @Option(names = {"-q", "--quiet"}, description = "no progress output")
    boolean quiet;

    @Option(names = "--split-codi", description = {"write a CODI model as two files that llama.cpp can use: OUT.gguf, the base model "
            + "alone, and OUT.codi.gguf, the CODI projection and metadata; -m OUT.gguf picks the companion up. SRC may also be "
            + "a one-file CODI .gguf, split as it is (its tensor types are kept)"})
    boolean splitCodi;

    @Override
    public Integer call() throws Exception {
        if (splitCodi) return split();
        GgmlType t = parseType(type);
        Path dir = CheckpointLayout.detect(src).dir();
        OutputFile.check(out, inputs(dir));
        if (!force && Files.exists(out)) throw new FileAlreadyExistsException(out.toString(), null, "exists (--force replaces it)");
        var err = spec.commandLine().getErr();
        ConvertOptions o = ConvertOptions.of(t).withCodi(codiConfig, loraAlpha, loraR)
                .withProgress(quiet ? null : new ConvertProgress(err));
        o = o.withExtension(TokenizerSource.extension(dir, tokenizer));
        CheckpointConverter.Kind kind = CheckpointConverter.convert(src, out, o);
        spec.commandLine().getOut().println("wrote " + out + " (" + kind + ", " + t + ")");
        return 0;
    }

    /** --split-codi: split SRC.gguf, or convert SRC to a temporary one-file GGUF beside OUT and split that. */
    private int split() throws Exception {
        Path companion = CodiSplit.companionOf(out);
        for (Path o : List.of(out, companion)) {
            OutputFile.check(o, List.of(src));
            if (!force && Files.exists(o)) throw new FileAlreadyExistsException(o.toString(), null, "exists (--force replaces it)");
        }
        boolean gguf = src.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(src);
        Path oneFile = gguf ? src : out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".one-file.tmp");
        try {
            if (!gguf) {
                GgmlType t = parseType(type);
                ConvertOptions o = ConvertOptions.of(t).withCodi(codiConfig, loraAlpha, loraR)
                        .withProgress(quiet ? null : new ConvertProgress(spec.commandLine().getErr()))
                        .withExtension(TokenizerSource.extension(CheckpointLayout.detect(src).dir(), tokenizer));
                CheckpointConverter.convert(src, oneFile, o);
            }
            try (GgufFile f = GgufFile.open(oneFile)) {
                CodiSplit.split(f, out, companion);
            }
        } finally {
            if (!gguf) Files.deleteIfExists(oneFile);
        }
        spec.commandLine().getOut().println("wrote " + out + " (the base model, for llama.cpp too) and " + companion
                + " (its CODI companion)");
        return 0;
    }

    /**
     * What the conversion may read: SRC, --tokenizer (with the merges.txt beside it), --codi-config, and every file of
     * the checkpoint folder but GGUF files (a GGUF is read only as an explicit --tokenizer).
     */
    private List<Path> inputs(Path dir) throws IOException {
        List<Path> in = new ArrayList<>(List.of(src));
        if (tokenizer != null) in.addAll(List.of(tokenizer, tokenizer.resolveSibling("merges.txt")));
        if (codiConfig != null) in.add(codiConfig);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> !f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")).forEach(in::add);
        }
        return in;
    }

    static GgmlType parseType(String s) {
        for (GgmlType t : TYPES) if (t.name().equalsIgnoreCase(s)) return t;
        throw new IllegalArgumentException("--type " + s + " is not supported (" + String.join(", ",
                TYPES.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList()) + ")");
    }
}
