package dev.latentj.bench;

import dev.latentj.io.InputFile;
import dev.latentj.io.OutputFile;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every path a bench run reads or writes, checked before its first problem, so that a bad {@code --out} or a missing
 * dataset ends the run at once, with the path and what is wrong, not after hours of work.
 */
public final class BenchPaths {
    private BenchPaths() {}

    /**
     * Checks that the dataset is a file, and that {@code spec.out()} is a folder that exists and can be written, or
     * can be created, where results.json and each of {@code moreOutputs} (names in it, e.g. report.html) may be
     * written without replacing an input (the dataset, the model). The model itself is checked where it is loaded.
     *
     * @throws IOException naming the path and what is wrong with it
     */
    public static void check(BenchSpec spec, String... moreOutputs) throws IOException {
        InputFile.requireRegularFile(spec.dataset(), "a dataset file");
        Path out = spec.out();
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) throw new FileSystemException(out.toString(), null, "is a file, expected a folder for " + ResultsWriter.FILE_NAME);
            if (!Files.isWritable(out)) throw new FileSystemException(out.toString(), null, "folder is not writable");
            List<Path> inputs = new ArrayList<>(List.of(spec.dataset()));
            spec.model().ifPresent(inputs::add);
            OutputFile.check(out.resolve(ResultsWriter.FILE_NAME), inputs);
            for (String name : moreOutputs) OutputFile.check(out.resolve(name), inputs);
            return;
        }
        // created when the first mode is written: its nearest existing parent must let it be
        Path parent = out.toAbsolutePath().getParent();
        while (parent != null && !Files.exists(parent)) parent = parent.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new FileSystemException(out.toString(), null, "cannot be created: " + parent + " is not a folder");
        }
        if (!Files.isWritable(parent)) {
            throw new FileSystemException(out.toString(), null, "cannot be created: folder " + parent + " is not writable");
        }
    }
}
