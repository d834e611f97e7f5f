package dev.latentj.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes report.html: beside one run's results.json, or for several runs merged into one page. */
public final class Report {
    private Report() {}

    public static final String RESULTS = "results.json";
    public static final String FILE_NAME = "report.html";

    /** {@code dir/report.html} from {@code dir/results.json}. */
    public static Path writeBeside(Path dir) throws IOException {
        return write(List.of(dir), dir.resolve(FILE_NAME));
    }

    /** One page for the runs in {@code dirs}, one series per run, written atomically to {@code out}. */
    public static Path write(List<Path> dirs, Path out) throws IOException {
        if (dirs.isEmpty()) throw new IllegalArgumentException("no run directories given");
        String html = ReportPage.html(Run.read(dirs));
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(out.getFileName() + ".tmp");
        Files.writeString(tmp, html);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }
}
