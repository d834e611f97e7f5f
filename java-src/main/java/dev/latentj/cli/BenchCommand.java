package dev.latentj.cli;

import dev.latentj.bench.BenchPaths;
import dev.latentj.bench.BenchResults;
import dev.latentj.bench.BenchRunner;
import dev.latentj.bench.BenchSpec;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.bench.ModeRunner;
import dev.latentj.bench.RunnerSet;
import dev.latentj.bench.SummaryTable;
import dev.latentj.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code latentj bench}: latent and token reasoning side by side on one dataset. The bench core
 * ({@link BenchRunner}) is engine-free; the engine plugs in by overriding {@link #createRunners(BenchSpec)}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run reasoning modes over a dataset and write DIR/results.json (accuracy, reasoning positions, "
                + "latency, throughput, every prediction) and DIR/report.html (tables, charts and the problems, one "
                + "offline page). Progress goes to stderr, a summary table to stdout. The decoding options apply to "
                + "the modes they concern; unset, each mode keeps its own default.")
public class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec commandSpec;

    @Mixin
    ModelOption model;

    @Mixin
    ModeFlags flags;

    @Option(names = "--dataset", required = true, paramLabel = "FILE",
            description = "GSM8K/jsonl/SVAMP.json/PAL jsonl/iCoT txt file")
    Path dataset;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto, gsm8k, jsonl, svamp, pal or icot (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N problems")
    Integer limit;

    @Option(names = "--modes", required = true, split = ",", paramLabel = "MODE[,MODE...]",
            description = "codi, cot-greedy, cot-sample, generate, soft-vanilla, soft-dirichlet, soft-gumbel")
    List<String> modes;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B",
            description = "problems decoded together by codi, cot-greedy, cot-sample and the soft modes; generate "
                    + "decodes one problem at a time (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where results.json and report.html go")
    Path out;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "K",
            description = "runs per sampled mode; reports pass@K and mean pass@1 (default: ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() throws Exception {
        BenchSpec spec = spec();
        BenchPaths.check(spec, Report.FILE_NAME); // before the model loads, let alone the first problem
        try (RunnerSet runners = new RunnerSet(createRunners(spec))) {
            BenchResults results = new BenchRunner().run(spec, runners.byMode());
            commandSpec.commandLine().getErr().println("bench: wrote " + Report.writeBeside(spec.out()));
            var out = commandSpec.commandLine().getOut();
            out.print(SummaryTable.format(results));
            out.flush();
            return 0;
        }
    }

    /**
     * The runners for {@code spec.modes()}, keyed by mode id: the engine's, on the model loaded once. Tests
     * override this to plug in runners without a model.
     */
    protected Map<String, ModeRunner> createRunners(BenchSpec spec) throws Exception {
        return BenchRunners.create(spec, model.load());
    }

    /** The parsed options as a validated spec; bad values are usage errors (exit 2). */
    public BenchSpec spec() {
        try {
            List<String> names = modes.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            return new BenchSpec(Optional.ofNullable(model.model), dataset, DatasetFormat.parse(format),
                    limit == null ? Integer.MAX_VALUE : limit, names, batch, out, samples, flags.seed(), flags.options(false));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(), e.getMessage(), e);
        }
    }
}
