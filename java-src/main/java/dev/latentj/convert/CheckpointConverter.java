package dev.latentj.convert;

import dev.latentj.io.OutputFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Converts any supported checkpoint to GGUF: detects the source ({@link CheckpointLayout}: safetensors, PyTorch
 * zip or llama2.c) and the model kind (plain HF, CODI, with or without LoRA) and dispatches. Other readers plug in
 * through {@link #convert(Map, HfConfig, Path, Path, ConvertOptions)}.
 */
public final class CheckpointConverter {
    private static final System.Logger LOG = System.getLogger(CheckpointConverter.class.getName());

    /** What a source is. */
    public enum Kind {
        /** A plain Hugging Face model, possibly with peft LoRA adapters merged. */
        HF,
        /** A CODI checkpoint: a base model under {@code codi.} and its projection {@code prj.*}. */
        CODI,
        /** A llama2.c export. */
        LLAMA2C
    }

    private CheckpointConverter() {}

    /**
     * {@code src}: a directory (config.json with model.safetensors, a sharded index or pytorch_model.bin; or a
     * llama2.c .bin), or one weight file (.safetensors / pytorch_model.bin next to config.json, or a llama2.c .bin).
     *
     * @param src     the checkpoint, as above
     * @param out     the GGUF to write, atomically; never one of the inputs
     * @param options output type, quantisation, CODI and naming options
     * @return what the source turned out to be
     * @throws IOException when the source is not a supported checkpoint or cannot be read, the output cannot be
     *                     written, or the conversion fails ({@link ConversionException})
     */
    public static Kind convert(Path src, Path out, ConvertOptions options) throws IOException {
        CheckpointLayout layout = CheckpointLayout.detect(src);
        OutputFile.check(out, List.of(src, layout.weights()));
        Path dir = layout.dir();
        // each reader maps its files; the arena unmaps them once the GGUF is written
        try (Arena arena = Arena.ofShared()) {
            return switch (layout.format()) {
                case SAFETENSORS -> {
                    HfConfig config = HfConfig.read(dir.resolve("config.json"));
                    try (SafetensorsReader reader = SafetensorsReader.open(layout.weights())) {
                        yield convert(reader.tensors(), config, dir, out, options);
                    }
                }
                case TORCH_ZIP -> {
                    HfConfig config = HfConfig.read(dir.resolve("config.json"));
                    TorchCheckpoint c = TorchZipReader.read(layout.weights(), arena);
                    for (String skip : c.skipped()) LOG.log(System.Logger.Level.WARNING, layout.weights().getFileName() + ": " + skip);
                    yield convert(c.tensors(), config, dir, out, options);
                }
                case LLAMA2C -> {
                    Llama2cModel m = Llama2cReader.read(layout.weights(), arena);
                    String name = layout.weights().getFileName().toString().replaceFirst("\\.bin$", "");
                    HfConverter.write(Llama2cSource.of(m, dir, name), List.of(), out, options);
                    yield Kind.LLAMA2C;
                }
            };
        }
    }

    /**
     * Converts tensors from any reader: a CODI checkpoint when a name starts with {@code codi.}, else a plain model,
     * whose peft LoRA adapters are merged.
     *
     * @param tensors the checkpoint's tensors by name
     * @param config  its config.json
     * @param dir     where codi.json and tokenizer files are looked up, and whose name names the model; or null
     * @param out     the GGUF to write, atomically
     * @param o       output type, quantisation, CODI and naming options
     * @return {@link Kind#CODI} or {@link Kind#HF}
     * @throws IOException when the conversion fails or the output cannot be written
     */
    public static Kind convert(Map<String, SourceTensor> tensors, HfConfig config, Path dir, Path out, ConvertOptions o)
            throws IOException {
        Map<String, Weight> weights = ModelSource.weightsOf(tensors);
        String name = dir != null ? HfConverter.defaultName(dir) : "model";
        if (CodiCheckpoint.isCodi(tensors)) {
            CodiCheckpointConfig codi = CodiCheckpointConfig.readOrEmpty(dir, o.codiConfig()).withLora(o.loraR(), o.loraAlpha());
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
