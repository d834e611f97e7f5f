package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.engine.Model;
import dev.latentj.speed.ModelSummary;
import dev.latentj.speed.SpeedPlan;
import dev.latentj.speed.SpeedReport;
import dev.latentj.speed.SpeedResult;
import dev.latentj.speed.SpeedRunner;
import dev.latentj.speed.SpeedTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code latentj speed}: llama-bench's measurements (pp, tg) and latentj's own steps (latent, soft) on one model. */
@Command(name = "speed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure decoding speed as llama-bench does, in tokens/s: ppN decodes an N-token prompt, tgN "
                + "generates N tokens (one decode each), latentN runs N CODI latent steps, softN N Soft Thinking steps "
                + "(10-token concept in, top-30 + entropy out); each after -d tokens are in the cache, for B sequences "
                + "at once (t/s counts all). Lists are comma-separated; every combination is measured. A table (or JSON) "
                + "goes to stdout, progress to stderr.")
public final class SpeedCommand implements Callable<Integer> {
    @Spec
    CommandSpec commandSpec;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "GGUF model (default: the embedded model)")
    Path model;

    @Option(names = {"-p", "--n-prompt"}, split = ",", defaultValue = "512", paramLabel = "N",
            description = "prompt lengths; 0: no pp test (default: ${DEFAULT-VALUE})")
    List<Integer> prompts;

    @Option(names = {"-n", "--n-gen"}, split = ",", defaultValue = "128", paramLabel = "N",
            description = "steps per generation test; 0: none (default: ${DEFAULT-VALUE})")
    List<Integer> gens;

    @Option(names = {"-d", "--n-depth"}, split = ",", defaultValue = "0", paramLabel = "N",
            description = "tokens already in the cache (default: ${DEFAULT-VALUE})")
    List<Integer> depths;

    @Option(names = {"-t", "--threads"}, defaultValue = "0", paramLabel = "N",
            description = "CPU threads (default: all cores but one)")
    int threads;

    @Option(names = {"-r", "--repetitions"}, defaultValue = "5", paramLabel = "N",
            description = "timed runs per test, after one warm-up (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--batch", split = ",", defaultValue = "1", paramLabel = "B",
            description = "sequences that advance together (default: ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--steps", split = ",", paramLabel = "STEP",
            description = "generation tests: token (tg), latent, soft (default: all three; latent only on models with a CODI projection)")
    List<String> steps;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "where to run (default: ${DEFAULT-VALUE}: CUDA when built in and present)")
    String backend;

    @Option(names = "--kv-type", defaultValue = "f32", paramLabel = "f32|f16|bf16",
            description = "KV cache type (default: ${DEFAULT-VALUE}, which keeps greedy ids exact; llama-bench uses f16)")
    String kvType;

    @Option(names = "--json", description = "print {\"model\", \"backend\", \"threads\", \"results\": [...]} instead of the table")
    boolean json;

    @Mixin
    RpcOption rpc = new RpcOption();

    /** Sequence slots a session may have (lj_session_new's limit). */
    static final int MAX_BATCH = 4096;

    @Override
    public Integer call() throws Exception {
        int kv = kvTypeId();
        List<SpeedTest.Kind> kinds = stepKinds();
        checkRanges();
        ModelOption mo = new ModelOption();
        mo.model = model;
        mo.backend = backend;
        mo.rpc = rpc;
        // the count is decided here, so the report states the threads that ran
        mo.threads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        PrintWriter err = commandSpec.commandLine().getErr();
        try (Model m = mo.load()) {
            if (kinds.contains(SpeedTest.Kind.LATENT) && !m.hasProjection()) {
                if (steps != null) throw new IllegalArgumentException("latent steps need a model with a CODI projection (codi.prj.*); "
                        + mo.path() + " has none (latentj synth --codi writes one)");
                kinds.remove(SpeedTest.Kind.LATENT);
                err.println("speed: no CODI projection in " + mo.path() + ": no latent test");
            }
            List<SpeedTest> tests = SpeedPlan.tests(prompts, gens, depths, batches, kinds);
            if (tests.isEmpty()) throw new ParameterException(commandSpec.commandLine(), "nothing to measure: -p and -n are both 0");
            SpeedRunner runner = new SpeedRunner(m, repetitions, kv, line -> {
                err.println("speed: " + line);
                err.flush();
            });
            List<SpeedResult> results = new ArrayList<>();
            for (SpeedTest t : tests) results.add(runner.run(t));
            SpeedReport report = new SpeedReport(model == null ? "default" : model.toString(), ModelSummary.of(m.file()),
                    m.backendName(), mo.threads, results);
            PrintWriter out = commandSpec.commandLine().getOut();
            out.print(json ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.json()) + "\n" : report.table());
            out.flush();
            return 0;
        }
    }

    private void checkRanges() {
        requireAll(prompts, 0, "-p");
        requireAll(gens, 0, "-n");
        requireAll(depths, 0, "-d");
        requireAll(batches, 1, "--batch");
        for (int b : batches) if (b > MAX_BATCH) throw usage("--batch " + b + " exceeds " + MAX_BATCH + " sequences");
        if (threads < 0) throw usage("-t must be >= 0, got " + threads);
        if (repetitions < 1) throw usage("-r must be >= 1, got " + repetitions);
    }

    private void requireAll(List<Integer> values, int min, String flag) {
        for (int v : values) if (v < min) throw usage(flag + " values must be >= " + min + ", got " + v);
    }

    private List<SpeedTest.Kind> stepKinds() {
        List<String> names = steps != null ? steps : List.of("token", "latent", "soft");
        List<SpeedTest.Kind> kinds = new ArrayList<>();
        for (String s : names) {
            SpeedTest.Kind k;
            try {
                k = SpeedTest.Kind.ofStep(s);
            } catch (IllegalArgumentException e) {
                throw usage("--steps: " + e.getMessage());
            }
            if (kinds.contains(k)) throw usage("--steps names '" + s.strip() + "' twice");
            kinds.add(k);
        }
        return kinds;
    }

    private int kvTypeId() {
        return switch (kvType.toLowerCase(Locale.ROOT)) {
            case "f32" -> -1;
            case "f16" -> 1;
            case "bf16" -> 30;
            default -> throw usage("--kv-type must be f32, f16 or bf16, got '" + kvType + "'");
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(commandSpec.commandLine(), message);
    }
}
