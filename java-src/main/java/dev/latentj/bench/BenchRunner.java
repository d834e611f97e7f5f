package dev.latentj.bench;

import dev.latentj.reason.Answer;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Runs {@code latentj bench}: loads the dataset, feeds each mode's runner batches of problems, scores the
 * generations, aggregates metrics, and rewrites results.json after every mode (so finished modes survive a
 * later failure).
 */
public final class BenchRunner {
    private final Progress progress;
    private final LongSupplier clock;

    /** Progress on stderr, drawn in place only when stderr is a terminal. */
    public BenchRunner() {
        this(System.err, isTerminal(), System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()}; tests pass a fake one */
    public BenchRunner(PrintStream progressOut, boolean interactive, LongSupplier clock) {
        this.progress = new Progress(progressOut, interactive, clock);
        this.clock = clock;
    }

    /**
     * Runs every mode of {@code spec} with its runner from {@code runners} (keyed by mode name) and writes
     * {@code spec.out()/results.json}. Its paths are checked first ({@link BenchPaths#check}). A problem that cannot
     * run is recorded as failed, with the reason, and the run goes on. Does not close the runners: whoever made them
     * does.
     */
    public BenchResults run(BenchSpec spec, Map<String, ModeRunner> runners) throws IOException {
        for (String mode : spec.modes()) {
            if (!runners.containsKey(mode)) throw new BenchException("no runner for mode " + mode);
        }
        BenchPaths.check(spec);
        Dataset dataset = DatasetLoader.load(spec.dataset(), spec.format(), spec.limit());
        progress.note("bench: " + dataset.size() + " problems from " + dataset.file() + " (" + dataset.layout()
                + "), modes " + String.join(",", spec.modes()) + ", batch " + spec.batch());
        Map<String, ModeResult> modes = new LinkedHashMap<>();
        String backend = runners.values().stream().map(ModeRunner::backend).filter(Objects::nonNull).findFirst()
                .orElse(null);
        List<ProblemEntry> problems = dataset.problems().stream().map(ProblemEntry::of).toList();
        BenchResults results = null;
        for (String mode : spec.modes()) {
            modes.put(mode, runMode(mode, runners.get(mode), dataset, spec.batch(), spec.samplesFor(mode)));
            results = new BenchResults(spec.modelLabel(), spec.dataset().toString(), backend, Machine.current(),
                    BenchSettings.of(spec), modes, problems);
            ResultsWriter.write(spec.out(), results);
        }
        progress.note("bench: wrote " + resultsFile(spec));
        return results;
    }

    /** One mode over the whole dataset, {@code samples} times. */
    ModeResult runMode(String mode, ModeRunner runner, Dataset dataset, int batchSize, int samples) {
        List<Problem> problems = dataset.problems();
        int n = problems.size();
        List<List<Outcome>> runs = new ArrayList<>();
        progress.start(mode, n * samples);
        int done = 0;
        int correct = 0;
        long start = clock.getAsLong();
        for (int sample = 0; sample < samples; sample++) {
            List<Outcome> run = new ArrayList<>(n);
            for (int from = 0; from < n; from += batchSize) {
                List<Problem> batch = problems.subList(from, Math.min(n, from + batchSize));
                for (Outcome o : runBatch(mode, runner, batch, sample, samples > 1 ? sample : null)) {
                    run.add(o);
                    if (o.prediction().correct()) correct++;
                }
                done += batch.size();
                progress.update(done, correct);
            }
            runs.add(run);
        }
        long wall = clock.getAsLong() - start;
        progress.finish();
        return Metrics.aggregate(n, runs, wall);
    }

    /**
     * One batch's outcomes. When the runner fails on it, each problem runs alone (its answer does not depend on the
     * batch), and one that fails alone is recorded as failed with the runner's message.
     */
    private List<Outcome> runBatch(String mode, ModeRunner runner, List<Problem> batch, int sample, Integer tag) {
        long t0 = clock.getAsLong();
        List<Answer> answers;
        try {
            answers = runner.run(List.copyOf(batch), sample);
        } catch (Exception e) {
            if (batch.size() > 1) {
                List<Outcome> outcomes = new ArrayList<>(batch.size());
                for (Problem p : batch) outcomes.addAll(runBatch(mode, runner, List.of(p), sample, tag));
                return outcomes;
            }
            Problem p = batch.getFirst();
            String why = reason(e);
            progress.note("bench: " + mode + " problem " + p.index() + " failed: " + why);
            double ms = (clock.getAsLong() - t0) / 1e6;
            return List.of(new Outcome(ScoredPrediction.failed(p, why, tag, ms), 0, ms));
        }
        double batchMs = (clock.getAsLong() - t0) / 1e6;
        if (answers.size() != batch.size()) {
            throw new BenchException("mode " + mode + " gave " + answers.size() + " answers for the " + batch.size()
                    + " problems " + batch.getFirst().index() + ".." + batch.getLast().index());
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Answer a = answers.get(i);
            double latency = Double.isNaN(a.latencyMs()) ? batchMs : a.latencyMs();
            outcomes.add(new Outcome(ScoredPrediction.score(batch.get(i), a, tag, latency), a.reasoningPositions(), latency));
        }
        return outcomes;
    }

    /** The runner's message in one line, or the exception's type when it has none. */
    private static String reason(Exception e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** On JDK 22+ System.console() exists even when redirected; isTerminal() tells whether \r redraws work. */
    static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** For callers that print where results went. */
    public static Path resultsFile(BenchSpec spec) {
        return spec.out().resolve(ResultsWriter.FILE_NAME);
    }
}
