package dev.latentj.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Problems read from one file.
 *
 * @param file   where they came from
 * @param layout what the loader recognised, for humans (e.g. {@code "jsonl question/answer"})
 */
public record Dataset(Path file, String layout, List<Problem> problems) {
    public Dataset {
        problems = List.copyOf(problems);
    }

    public int size() {
        return problems.size();
    }
}
