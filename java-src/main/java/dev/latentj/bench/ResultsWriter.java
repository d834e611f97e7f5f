package dev.latentj.bench;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.latentj.io.OutputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code DIR/results.json}: pretty-printed, keys in the order the records declare. */
public final class ResultsWriter {
    private ResultsWriter() {}

    public static final String FILE_NAME = "results.json";

    // Two-space indent, "key": value, one array element per line: diffs between runs stay readable.
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /**
     * Replaces {@code dir/results.json} atomically, so a reader (or a crash mid-run) never sees half a file.
     * @return the file written
     */
    public static Path write(Path dir, BenchResults results) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        OutputFile.writeString(target, toJson(results) + "\n");
        return target;
    }

    public static String toJson(BenchResults results) throws IOException {
        return WRITER.writeValueAsString(results);
    }
}
