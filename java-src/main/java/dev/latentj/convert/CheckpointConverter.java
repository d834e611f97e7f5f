package dev.latentj.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Converts any supported checkpoint to GGUF: detects the source kind (plain HF, CODI, with or without LoRA) and
 * dispatches. Readers other than safetensors (PyTorch zip, llama2.c) plug in through
 * {@link #convert(Map, HfConfig, Path, Path, ConvertOptions)}.
 */
public final class CheckpointConverter {

    /** What a source is. */
    public enum Kind { HF, CODI }

    private CheckpointConverter() {}

    /** {@code src}: a directory with config.json and safetensors weights, or a .safetensors file next to config.json. */
    public static Kind convert(Path src, Path out, ConvertOptions options) throws IOException {
        Path dir = Files.isDirectory(src) ? src : src.toAbsolutePath().getParent();
        if (!Files.exists(src)) throw new ConversionException(src + ": no such file or directory");
        if (Files.isDirectory(src) && !SafetensorsReader.isCheckpointDir(src)) {
            if (Files.exists(src.resolve("pytorch_model.bin"))) {
                throw new ConversionException(src + ": only pytorch_model.bin found; PyTorch zip checkpoints are read by "
                        + "TorchZipReader and converted through CheckpointConverter.convert(tensors, ...)");
            }
            throw new ConversionException(src + ": no model.safetensors or " + SafetensorsReader.INDEX + " found");
        }
        HfConfig config = HfConfig.read(dir.resolve("config.json"));
        try (SafetensorsReader reader = SafetensorsReader.open(src)) {
            return convert(reader.tensors(), config, dir, out, options);
        }
    }

    /** Converts tensors from any reader; {@code dir} (nullable) is where codi.json and tokenizer files are looked up. */
    public static Kind convert(Map<String, SourceTensor> tensors, HfConfig config, Path dir, Path out, ConvertOptions o)
            throws IOException {
        Map<String, Weight> weights = ModelSource.weightsOf(tensors);
        String name = dir != null ? HfConverter.defaultName(dir) : "model";
        if (CodiCheckpoint.isCodi(tensors)) {
            CodiConfig codi = CodiConfig.readOrEmpty(dir, o.codiConfig()).withLora(o.loraR(), o.loraAlpha());
            CodiCheckpoint.Prepared p = CodiCheckpoint.prepare(weights, config, codi, dir, name);
            HfConverter.write(p.model(), p.extraTensors(), out, o.withExtension(p.metadata().andThen(o.extension())));
            return Kind.CODI;
        }
        if (LoraMerge.hasLora(weights)) {
            weights = LoraMerge.merge(stripPeft(weights), o.loraR(), o.loraAlpha());
        }
        HfConverter.write(new ModelSource(config, weights, dir, name), List.of(), out, o);
        return Kind.HF;
    }

    private static Map<String, Weight> stripPeft(Map<String, Weight> w) {
        Map<String, Weight> out = new java.util.LinkedHashMap<>();
        w.forEach((k, v) -> {
            String s = k.startsWith("base_model.model.") ? k.substring("base_model.model.".length()) : k;
            out.put(s, v.renamed(s));
        });
        return out;
    }
}
