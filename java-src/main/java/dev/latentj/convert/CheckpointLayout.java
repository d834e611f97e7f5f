package dev.latentj.convert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a convert source is, from its files alone: safetensors (one file, a directory, or a sharded index), a
 * PyTorch zip ({@code pytorch_model.bin}, or the file itself), or a llama2.c export (any other {@code .bin},
 * or the one such file in a directory without config.json).
 *
 * @param format  the weight format
 * @param weights what the format's reader opens (a file, or the directory for safetensors)
 * @param dir     where config.json, codi.json and tokenizer files are looked up
 */
public record CheckpointLayout(Format format, Path weights, Path dir) {

    /** A weight format, and so the reader that opens it. */
    public enum Format {
        /** Hugging Face safetensors: one file, a directory, or shards listed by an index. */
        SAFETENSORS,
        /** A PyTorch {@code torch.save} zip, read without running its pickle. */
        TORCH_ZIP,
        /** A llama2.c export: a header of seven int32s, then float32 weights. */
        LLAMA2C
    }

    static final String TORCH_BIN = "pytorch_model.bin";
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    /**
     * {@return the layout of {@code src}, judged from its file names and first bytes}
     *
     * @param src a checkpoint file or directory
     * @throws IOException when it does not exist, is no checkpoint, is a sharded pytorch_model-*.bin, or is a
     *                     directory with several llama2.c candidates (naming them)
     */
    public static CheckpointLayout detect(Path src) throws IOException {
        if (!Files.exists(src)) throw new ConversionException(src + ": no such file or directory");
        return Files.isDirectory(src) ? ofDirectory(src) : ofFile(src);
    }

    private static CheckpointLayout ofDirectory(Path dir) throws IOException {
        if (SafetensorsReader.isCheckpointDir(dir)) return new CheckpointLayout(Format.SAFETENSORS, dir, dir);
        if (Files.isRegularFile(dir.resolve(TORCH_BIN))) return new CheckpointLayout(Format.TORCH_ZIP, dir.resolve(TORCH_BIN), dir);
        if (Files.exists(dir.resolve(TORCH_BIN + ".index.json"))) {
            throw new ConversionException(dir + ": sharded pytorch_model-*.bin checkpoints are not supported; "
                    + "convert them to safetensors first");
        }
        List<Path> models = llama2cCandidates(dir);
        if (!Files.exists(dir.resolve("config.json")) && models.size() == 1) {
            return new CheckpointLayout(Format.LLAMA2C, models.getFirst(), dir);
        }
        throw new ConversionException(dir + ": no model.safetensors, " + SafetensorsReader.INDEX + " or " + TORCH_BIN
                + " found" + (models.size() > 1 ? "; several llama2.c .bin files (" + names(models) + "): name one" : ""));
    }

    private static CheckpointLayout ofFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) return new CheckpointLayout(Format.SAFETENSORS, file, dir);
        if (startsWithZipMagic(file)) return new CheckpointLayout(Format.TORCH_ZIP, file, dir);
        if (name.endsWith(".bin")) return new CheckpointLayout(Format.LLAMA2C, file, dir);
        throw new ConversionException(file + ": not a checkpoint (.safetensors, pytorch_model.bin or a llama2.c .bin)");
    }

    /** .bin files that are neither a PyTorch zip nor a llama2.c tokenizer (tok*.bin). */
    private static List<Path> llama2cCandidates(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.bin")) {
            for (Path p : s) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(p) && !n.startsWith("tok") && !startsWithZipMagic(p)) out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    static boolean startsWithZipMagic(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return Arrays.equals(in.readNBytes(4), ZIP_MAGIC);
        }
    }

    private static String names(List<Path> ps) {
        return String.join(", ", ps.stream().map(p -> p.getFileName().toString()).toList());
    }
}
