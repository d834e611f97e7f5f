package dev.latentj.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One bench run on the page: its results and the label its series carry (the run's directory name). */
record Run(String label, ResultsFile results) {

    /** Reads DIR/results.json of each directory; labels are the directory names, made unique with #2, #3... */
    static List<Run> read(List<Path> dirs) throws IOException {
        List<Run> runs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path dir : dirs) {
            Path name = dir.toAbsolutePath().normalize().getFileName();
            String base = name == null ? "run" : name.toString();
            String label = base;
            for (int i = 2; !used.add(label); i++) label = base + " #" + i;
            runs.add(new Run(label, ResultsFile.read(dir.resolve(Report.RESULTS))));
        }
        return runs;
    }

    /** Every mode of any run, in the order they first appear. */
    static List<String> modes(List<Run> runs) {
        Set<String> modes = new LinkedHashSet<>();
        for (Run r : runs) modes.addAll(r.results().modes().keySet());
        return List.copyOf(modes);
    }

    /**
     * The colour of a series. With one run the series are its modes; with several, one colour per run, so a
     * run keeps its colour in every chart.
     */
    static String colour(List<Run> runs, int run, String mode) {
        if (runs.size() > 1) return Palette.colour(run);
        return Palette.colour(List.copyOf(runs.get(run).results().modes().keySet()).indexOf(mode));
    }
}
