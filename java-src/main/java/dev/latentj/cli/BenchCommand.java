package dev.latentj.cli;

import dev.latentj.bench.BenchResults;
import dev.latentj.bench.BenchRunner;
import dev.latentj.bench.BenchSpec;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.bench.GenerationOptions;
import dev.latentj.bench.ModeRunner;
import dev.latentj.bench.RunnerSet;
import dev.latentj.bench.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code latentj bench}: latent and token reasoning side by side on one dataset. The bench core
 * ({@link BenchRunner}) is engine-free; the engine plugs in by overriding {@link #createRunners(BenchSpec)}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run reasoning modes over a dataset and write DIR/results.json (accuracy, reasoning positions, "
                + "latency, throughput, every prediction). Progress goes to stderr, a summary table to stdout.")
public class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec commandSpec;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "GGUF model (default: the embedded model)")
    Path model;

    @Option(names = "--backend", paramLabel = "auto|cpu|cuda", defaultValue = "auto", description = "where to run (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "CPU threads (default: all cores but one)")
    int threads;

    @Option(names = "--dataset", required = true, paramLabel = "FILE",
            description = "GSM8K/jsonl/SVAMP.json/PAL jsonl/iCoT txt file")
    Path dataset;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto, gsm8k, jsonl, svamp, pal or icot (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N problems")
    Integer limit;

    @Option(names = "--modes", required = true, split = ",", paramLabel = "MODE[,MODE...]",
            description = "codi, cot-greedy, cot-sample, soft-vanilla, soft-dirichlet, soft-gumbel")
    List<String> modes;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B",
            description = "problems decoded together (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where results.json goes")
    Path out;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "K",
            description = "runs per sampled mode; reports pass@K and mean pass@1 (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "base seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-tokens", paramLabel = "N", description = "most tokens to generate (default: per mode)")
    Integer maxTokens;

    @Option(names = "--think-end", paramLabel = "TEXT", description = "token that ends thinking (default: </think>)")
    String thinkEnd;

    @Option(names = "--temperature", paramLabel = "T", description = "sampling temperature (default: per mode)")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "top-k filter (default: per mode)")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "top-p (nucleus) filter (default: per mode)")
    Double topP;

    @Option(names = "--min-p", paramLabel = "P", description = "min-p filter (default: per mode)")
    Double minP;

    @Option(names = "--gamma", paramLabel = "G", description = "Dirichlet concentration for soft-dirichlet")
    Double gamma;

    @Option(names = "--gumbel-tau", paramLabel = "TAU", description = "Gumbel-Softmax temperature for soft-gumbel")
    Double gumbelTau;

    @Option(names = "--cold-stop-entropy", paramLabel = "H", description = "Cold Stop entropy threshold (nats)")
    Double coldStopEntropy;

    @Option(names = "--cold-stop-patience", paramLabel = "N", description = "Cold Stop: low-entropy steps before </think>")
    Integer coldStopPatience;

    @Override
    public Integer call() throws Exception {
        BenchSpec spec = spec();
        try (RunnerSet runners = new RunnerSet(createRunners(spec))) {
            BenchResults results = new BenchRunner().run(spec, runners.byMode());
            var out = commandSpec.commandLine().getOut();
            out.print(SummaryTable.format(results));
            out.flush();
            return 0;
        }
    }

    /**
     * The runners for {@code spec.modes()}, keyed by mode name. The engine side overrides this (or replaces
     * its body) to load the model once and build a runner per mode.
     */
    protected Map<String, ModeRunner> createRunners(BenchSpec spec) throws Exception {
        ModelOption mo = new ModelOption();
        mo.model = model;
        mo.backend = backend;
        mo.threads = threads;
        return dev.latentj.bench.EngineRunners.create(spec, mo.load());
    }

    /** The parsed options as a validated spec; bad values are usage errors (exit 2). */
    public BenchSpec spec() {
        try {
            List<String> names = modes.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            GenerationOptions options = new GenerationOptions(
                    optionalInt(maxTokens), Optional.ofNullable(thinkEnd), optionalDouble(temperature),
                    optionalInt(topK), optionalDouble(topP), optionalDouble(minP), optionalDouble(gamma),
                    optionalDouble(gumbelTau), optionalDouble(coldStopEntropy), optionalInt(coldStopPatience));
            return new BenchSpec(Optional.ofNullable(model), dataset, DatasetFormat.parse(format),
                    limit == null ? Integer.MAX_VALUE : limit, names, batch, out, samples, seed, options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(), e.getMessage(), e);
        }
    }

    private static OptionalInt optionalInt(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    private static OptionalDouble optionalDouble(Double v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
