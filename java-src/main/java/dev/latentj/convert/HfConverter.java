package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufWriter;
import dev.latentj.gguf.TensorData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain Hugging Face checkpoint (config.json + safetensors) to GGUF, as llama.cpp's convert_hf_to_gguf.py does for
 * gpt2, llama, qwen2 and qwen3. Tensors are loaded, transformed and encoded one at a time while the file is written.
 */
public final class HfConverter {
    /** ggml's GGML_QNT_VERSION, written as general.quantization_version. */
    static final int QUANT_VERSION = 2;

    private HfConverter() {}

    /**
     * Converts a safetensors checkpoint with default options.
     *
     * @param srcDir   a directory with config.json and model.safetensors (or a sharded index)
     * @param out      the GGUF to write, atomically
     * @param outType  the file type most weights get
     * @param progress told of each tensor written
     * @throws IOException when the checkpoint cannot be read or converted, or the output cannot be written
     */
    public static void convert(Path srcDir, Path out, GgmlType outType, ProgressListener progress) throws IOException {
        convert(srcDir, out, ConvertOptions.of(outType).withProgress(progress));
    }

    /**
     * Converts a safetensors checkpoint; general.name defaults to the directory's name.
     *
     * @param srcDir  a directory with config.json and model.safetensors (or a sharded index)
     * @param out     the GGUF to write, atomically
     * @param options output type, quantisation and naming options
     * @throws IOException when the checkpoint cannot be read or converted, or the output cannot be written
     */
    public static void convert(Path srcDir, Path out, ConvertOptions options) throws IOException {
        HfConfig config = HfConfig.read(srcDir.resolve("config.json"));
        try (SafetensorsReader reader = SafetensorsReader.open(srcDir)) {
            ModelSource src = new ModelSource(config, ModelSource.weightsOf(reader.tensors()), srcDir, defaultName(srcDir));
            write(src, List.of(), out, options);
        }
    }

    static String defaultName(Path dir) {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f != null ? f.toString() : "model";
    }

    /**
     * Maps {@code src}, appends {@code extraTensors} (already GGUF-named, e.g. CODI's projection) and writes the file.
     * This is the entry point for any reader that produces a {@link ModelSource}.
     *
     * @param src          the model
     * @param extraTensors tensors to append after the model's, already under GGUF names
     * @param out          the GGUF to write, atomically
     * @param o            output type, quantisation, naming and extension options
     * @throws IOException when mapping or encoding a tensor fails, or the output cannot be written
     */
    public static void write(ModelSource src, List<Weight> extraTensors, Path out, ConvertOptions o) throws IOException {
        ArchMapping mapping = ArchMapping.forConfig(src.config());
        List<Weight> tensors = new ArrayList<>(mapping.mapTensors(src.config(), src.weights()));
        tensors.addAll(extraTensors);

        GgufWriter w = new GgufWriter();
        w.putString(GgufKeys.GENERAL_ARCHITECTURE, mapping.arch());
        w.putString(GgufKeys.GENERAL_TYPE, "model");
        w.putString(GgufKeys.GENERAL_NAME, o.name() != null ? o.name() : src.name());
        mapping.writeHyperParameters(src.config(), w);
        w.putU32(GgufKeys.GENERAL_FILE_TYPE, LlamaFileType.of(o.outType()));
        w.putU32(GgufKeys.GENERAL_QUANTIZATION_VERSION, QUANT_VERSION);
        o.extension().apply(w, src);

        int total = tensors.size();
        TensorTypePolicy policy = o.policy().forModel(tensors.stream().map(Weight::name).toList());
        Quantizer quantizer = o.quantizer() != null ? o.quantizer() : GgmlQuantizer.INSTANCE;
        for (int i = 0; i < total; i++) {
            Weight t = tensors.get(i);
            long[] ne = reversed(t.shape());
            GgmlType type = policy.typeFor(t.name(), ne, o.outType());
            int index = i;
            w.addTensor(t.name(), type, ne, TensorData.streamed(ch -> {
                var bytes = TensorEncoder.encode(type, t.load(), ne, quantizer, t.name());
                ByteBuffer b = bytes.asByteBuffer();
                while (b.hasRemaining()) ch.write(b);
                o.progress().tensorWritten(index, total, t.name(), type, bytes.byteSize());
            }));
        }
        w.write(out);
    }

    /**
     * {@return the ggml ne of a PyTorch shape: the same dimensions, innermost first}
     *
     * @param shape a PyTorch shape, outermost first
     */
    public static long[] reversed(long[] shape) {
        long[] ne = new long[shape.length];
        for (int i = 0; i < shape.length; i++) ne[i] = shape[shape.length - 1 - i];
        return ne;
    }
}
