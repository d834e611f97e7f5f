package dev.latentj.convert;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.gguf.GgufWriter;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The two-file layout of a CODI model, for tools that know only the base architecture. llama.cpp refuses a GGUF
 * with tensors it does not create ("wrong number of tensors"), so the base file {@code NAME.gguf} holds exactly the
 * base model (every tensor and key but {@code codi.*}), and the companion {@code NAME.codi.gguf} holds the CODI
 * projection ({@code codi.prj.*}), the {@code codi.*} keys and the architecture. latentj joins the two again
 * into the one file they were split from (docs/codi-split.md).
 */
public final class CodiSplit {
    private CodiSplit() {}

    /** What replaces {@code .gguf} in the companion's file name. */
    public static final String COMPANION_SUFFIX = ".codi.gguf";
    private static final String CODI = CodiCheckpoint.PREFIX;

    /**
     * {@return the companion's path beside {@code base}} {@code x.gguf} pairs with {@code x.codi.gguf}.
     *
     * @param base the base model's path; it need not exist
     */
    public static Path companionOf(Path base) {
        String name = base.getFileName().toString();
        String stem = name.endsWith(".gguf") ? name.substring(0, name.length() - ".gguf".length()) : name;
        return base.resolveSibling(stem + COMPANION_SUFFIX);
    }

    /**
     * {@return whether the file carries CODI tensors itself (a one-file CODI model)}
     *
     * @param f an open GGUF
     */
    public static boolean hasCodi(GgufFile f) {
        return f.tensors().stream().anyMatch(t -> t.name().startsWith(CODI));
    }

    /**
     * Writes the base model and the companion of a one-file CODI GGUF, each atomically.
     *
     * @param oneFile   a CODI model in one file
     * @param base      where the base model goes
     * @param companion where the companion goes; not the same file as {@code base}
     * @throws IOException when {@code oneFile} has no CODI tensors, the two outputs are one file, or writing fails
     */
    public static void split(GgufFile oneFile, Path base, Path companion) throws IOException {
        if (!hasCodi(oneFile)) throw new ConversionException("not a CODI model: it has no " + CODI + "* tensors");
        if (base.toAbsolutePath().normalize().equals(companion.toAbsolutePath().normalize())) {
            throw new ConversionException("the base model and its companion would both be " + base);
        }
        Predicate<String> codi = k -> k.startsWith(CODI);
        GgufWriter b = copy(oneFile, codi.negate(), codi.negate());
        GgufWriter c = copy(oneFile, k -> codi.test(k) || k.equals("general.architecture") || k.equals("general.name")
                || k.equals("general.alignment"), codi);
        b.write(base);
        c.write(companion);
    }

    /**
     * The model to load: {@code model} itself, or {@code model} joined with its companion, which is
     * {@code explicitCompanion} when given, else {@link #companionOf} when that file exists and {@code model}
     * has no CODI tensors of its own. The caller owns (closes) the result.
     *
     * @param model             a one-file model, or the base of a split one
     * @param explicitCompanion the companion to join, or null to look beside {@code model}
     * @return the model; a joined one lives in memory
     * @throws IOException when a file cannot be read or is not GGUF, the explicit companion does not exist, or the
     *                     two files do not belong together (a base that holds CODI tensors, a companion with other
     *                     tensors or another architecture)
     */
    public static GgufFile open(Path model, Path explicitCompanion) throws IOException {
        GgufFile base = GgufFile.open(model);
        try {
            Path companion = explicitCompanion;
            if (companion == null && !hasCodi(base) && Files.isRegularFile(companionOf(model))) companion = companionOf(model);
            if (companion == null) return base;
            if (!Files.isRegularFile(companion)) throw new IOException("CODI companion not found: " + companion);
            try (GgufFile c = GgufFile.open(companion); base) {
                return join(base, c, model, companion);
            }
        } catch (IOException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    /** The one-file model: the base's keys and tensors, then the companion's CODI keys and tensors, in memory. */
    static GgufFile join(GgufFile base, GgufFile companion, Path basePath, Path companionPath) throws IOException {
        if (hasCodi(base)) throw new GgufException(basePath + " already holds CODI tensors; --codi is for a base model split by convert --split-codi");
        for (GgufTensorInfo t : companion.tensors()) {
            if (!t.name().startsWith(CODI)) throw new GgufException(companionPath + ": tensor '" + t.name() + "' is not a CODI tensor: not a CODI companion");
        }
        if (!hasCodi(companion)) throw new GgufException(companionPath + ": no " + CODI + "* tensors: not a CODI companion");
        String arch = base.metadata().getStringOrDefault("general.architecture", "");
        String companionArch = companion.metadata().getStringOrDefault("general.architecture", "");
        if (!arch.equals(companionArch)) {
            throw new GgufException(companionPath + " is a companion of a " + companionArch + " model, " + basePath + " is " + arch);
        }
        GgufWriter w = copy(base, k -> true, n -> true);
        for (Map.Entry<String, GgufMetadata.Value> e : companion.metadata().asMap().entrySet()) {
            if (e.getKey().startsWith(CODI)) w.put(e.getKey(), e.getValue().type(), e.getValue().value());
        }
        for (GgufTensorInfo t : companion.tensors()) w.addTensor(t.name(), t.type(), t.ne(), companion.tensorData(t));
        Arena arena = Arena.ofShared();
        try {
            return GgufFile.parse(w.toMemory(arena), arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static GgufWriter copy(GgufFile f, Predicate<String> keys, Predicate<String> tensors) {
        GgufWriter w = new GgufWriter();
        for (Map.Entry<String, GgufMetadata.Value> e : f.metadata().asMap().entrySet()) {
            if (keys.test(e.getKey())) w.put(e.getKey(), e.getValue().type(), e.getValue().value());
        }
        for (GgufTensorInfo t : f.tensors()) {
            if (tensors.test(t.name())) w.addTensor(t.name(), t.type(), t.ne(), f.tensorData(t));
        }
        return w;
    }
}
