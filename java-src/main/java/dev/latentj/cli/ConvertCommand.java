package dev.latentj.cli;

import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.TokenizerSource;
import dev.latentj.gguf.GgmlType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code latentj convert SRC -o OUT.gguf}: HF / CODI checkpoints to GGUF. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a Hugging Face or CODI checkpoint (config.json + safetensors) to GGUF.")
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "checkpoint directory (or .safetensors file next to config.json)")
    Path src;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.gguf", description = "output file")
    Path out;

    @Option(names = "--type", defaultValue = "f16", paramLabel = "f32|f16|bf16",
            description = "tensor type of 2-D weights (norms, biases, 1-D tensors stay f32); default ${DEFAULT-VALUE}")
    String type;

    @Option(names = "--codi-config", paramLabel = "codi.json", description = "CODI settings (default: SRC/codi.json)")
    Path codiConfig;

    @Option(names = "--lora-alpha", paramLabel = "A", description = "LoRA alpha (overrides codi.json)")
    Double loraAlpha;

    @Option(names = "--lora-r", paramLabel = "R", description = "LoRA rank (overrides codi.json)")
    Integer loraR;

    @Option(names = "--tokenizer", paramLabel = "PATH",
            description = "tokenizer to embed: tokenizer.json, vocab.json (merges.txt beside it), llama2.c tok*.bin or a GGUF (default: found in SRC)")
    Path tokenizer;

    @Option(names = {"-q", "--quiet"}, description = "no progress output")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        GgmlType t = switch (type.toLowerCase()) {
            case "f32" -> GgmlType.F32;
            case "f16" -> GgmlType.F16;
            case "bf16" -> GgmlType.BF16;
            default -> throw new IllegalArgumentException("--type " + type + " is not supported here (f32, f16, bf16; quantise with the engine)");
        };
        var err = spec.commandLine().getErr();
        ConvertOptions o = ConvertOptions.of(t).withCodi(codiConfig, loraAlpha, loraR).withProgress(quiet ? null
                : (i, n, name, ty, bytes) -> err.printf("[%d/%d] %-32s %-5s %,d bytes%n", i + 1, n, name, ty, bytes));
        o = o.withExtension(TokenizerSource.extension(java.nio.file.Files.isDirectory(src) ? src : src.getParent(), tokenizer));
        CheckpointConverter.Kind kind = CheckpointConverter.convert(src, out, o);
        spec.commandLine().getOut().println("wrote " + out + " (" + kind + ", " + t + ")");
        return 0;
    }
}
