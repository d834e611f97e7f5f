package dev.latentj.bench;

import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeOptions;
import dev.latentj.params.Param;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one {@code latentj bench} run is asked to do, validated.
 *
 * @param model   the GGUF file, or empty for the embedded default model
 * @param limit   how many problems from the start of the dataset; {@link Integer#MAX_VALUE} for all
 * @param modes   mode ids in run order, each one of {@link Mode}
 * @param samples runs per sampled mode ({@code --samples K}); greedy modes run once
 */
public record BenchSpec(
        Optional<Path> model,
        Path dataset,
        DatasetFormat format,
        int limit,
        List<String> modes,
        int batch,
        Path out,
        int samples,
        long seed,
        ModeOptions options) {

    /** What results.json says for {@link #model()} when none was given. */
    public static final String DEFAULT_MODEL = "default";

    public BenchSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        modes = List.copyOf(modes);
        if (modes.isEmpty()) throw new IllegalArgumentException("no modes given");
        if (!modes.stream().allMatch(new HashSet<>()::add)) {
            throw new IllegalArgumentException("a mode is listed twice: " + String.join(",", modes));
        }
        modes.forEach(Mode::of);
        Param.LIMIT.check(limit, "--limit");
        Param.BATCH.check(batch, "--batch");
        Param.SAMPLES.check(samples, "--samples");
    }

    /** The model as results.json names it: the path as given, or {@value #DEFAULT_MODEL}. */
    public String modelLabel() {
        return model.map(Path::toString).orElse(DEFAULT_MODEL);
    }

    /** How many runs {@code mode} gets: {@link #samples()} if it samples under the options, else one. */
    public int samplesFor(String mode) {
        return Mode.of(mode).sampled(options) ? samples : 1;
    }
}
