package dev.latentj.cli;

import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.params.Param;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.soft.SoftThinkingConfig;
import dev.latentj.train.TrainConfig;
import dev.latentj.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every numeric option has one documented range, checked before any work starts, in every command (issue 13). */
class OptionRangesTest {
    /** Numeric options that take any value of their type. */
    private static final Set<String> UNBOUNDED = Set.of("--seed");

    /** What each command needs besides the option under test; the model and files do not exist, so no work can start. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "run", List.of("-m", "/nonexistent.gguf", "a question"),
            "probe", List.of("-m", "/nonexistent.gguf", "--latents", "a question"),
            "eval", List.of("-m", "/nonexistent.gguf", "--ids", "1"),
            "bench", List.of("-m", "/nonexistent.gguf", "--dataset", "/nonexistent.jsonl", "--modes", "codi", "--out", "/nonexistent"),
            "convert", List.of("/nonexistent.bin", "-o", "/nonexistent.gguf"),
            "train codi", List.of("--base", "/nonexistent.gguf", "--data", "/nonexistent.jsonl", "--out", "/nonexistent.gguf"));

    private static CommandLine root() {
        CommandLine cl = new CommandLine(new Main());
        OptionRanges.document(cl);
        return cl;
    }

    /** Every command and subcommand by its words after latentj ("run", "train codi"). */
    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        addCommands(root(), "", all);
        return all;
    }

    private static void addCommands(CommandLine cl, String prefix, Map<String, CommandLine> all) {
        cl.getSubcommands().forEach((name, cmd) -> {
            all.put(prefix + name, cmd);
            addCommands(cmd, prefix + name + " ", all);
        });
    }

    private static boolean numeric(OptionSpec o) {
        Class<?> t = o.type();
        return Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != boolean.class && t != char.class);
    }

    @Test
    void everyNumericOptionOfEveryCommandHasARange() {
        List<String> missing = new ArrayList<>();
        commands().forEach((name, cmd) -> {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (numeric(o) && !UNBOUNDED.contains(o.longestName()) && OptionRanges.of(o).isEmpty()) {
                    missing.add(name + " " + o.longestName());
                }
            }
        });
        assertEquals(List.of(), missing, "numeric options without a Param range");
    }

    @Test
    void anOptionHasTheSameDocumentedRangeInEveryCommand() {
        Map<String, String> seen = new HashMap<>();
        commands().forEach((name, cmd) -> {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                OptionRanges.of(o).ifPresent(p -> {
                    String help = String.join(" ", o.description());
                    assertTrue(help.contains("range: " + p.range()), name + " " + o.longestName() + ": " + help);
                    String other = seen.putIfAbsent(o.longestName(), help.substring(help.indexOf("range: ")));
                    if (other != null) assertEquals(other, help.substring(help.indexOf("range: ")), o.longestName());
                });
            }
        });
        assertTrue(seen.keySet().containsAll(Set.of("--threads", "--temperature", "--top-p", "--max-tokens", "--batch")), seen.toString());
    }

    /** Below the least value of every ranged option of every command: one usage line naming it, exit 2, before any work. */
    @Test
    void everyRangedOptionRejectsAValueBelowItsRangeInEveryCommand() {
        commands().forEach((name, cmd) -> {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                Param p = OptionRanges.of(o).orElse(null);
                if (p == null) continue;
                String bad = p.contains(0) ? "-1" : "0";
                List<String> args = new ArrayList<>(List.of(name.split(" ")));
                args.addAll(List.of(o.longestName(), bad));
                args.addAll(REQUIRED.getOrDefault(name, List.of()));
                Cli.Result r = Cli.run(args.toArray(String[]::new));
                assertEquals(2, r.code(), String.join(" ", args) + "\n" + r);
                assertTrue(r.err().startsWith("error: " + o.longestName() + " must be " + p.range() + ", got " + bad),
                        String.join(" ", args) + "\n" + r);
                assertEquals(1, r.err().lines().count(), r.toString());
            }
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "run --mode cot --temperature -1 | --temperature must be a finite number >= 0, got -1",
            "run --mode cot --temperature NaN | --temperature must be a finite number >= 0, got NaN",
            "run --mode cot --temperature Infinity | --temperature must be a finite number >= 0, got Infinity",
            "run --mode cot --cold-stop-entropy -1 | --cold-stop-entropy must be a finite number >= 0, got -1",
            "run --threads 20000 | --threads must be an integer in [0, ",
            "run --threads 4096 | --threads must be an integer in [0, ",
            "eval --ids 1 --threads 20000 | --threads must be an integer in [0, ",
            "bench --min-p 1 --dataset d --modes codi --out o | --min-p must be a number in [0, 1), got 1",
            "probe --js --top 1000 | --top must be an integer in [1, 100], got 1000",
            "run --mode soft --max-topk 65 | --max-topk must be an integer in [1, 64], got 65",
            "convert x -o y --lora-alpha NaN | --lora-alpha must be a finite number > 0, got NaN"})
    void nonsenseIsRejectedBeforeAnyWork(String line, String message) {
        List<String> args = new ArrayList<>(List.of(line.strip().split(" ")));
        args.addAll(1, List.of("-m", "/nonexistent.gguf"));
        if (args.get(0).equals("convert")) args.subList(1, 3).clear();
        if (!args.get(0).equals("convert") && !args.get(0).equals("bench") && !args.get(0).equals("eval")) args.add("a question");
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(2, r.code(), line + "\n" + r);
        assertTrue(r.err().startsWith("error: " + message.strip()), line + "\n" + r);
        assertTrue(r.err().strip().endsWith("--help')"), "points at the help: " + r);
    }

    @Test
    void theLibraryChecksTheSameRanges() {
        assertMessage("temperature must be a finite number >= 0, got NaN", () -> new SamplerConfig(Float.NaN, 0, 1f, 0f, 0));
        assertMessage("top-p must be a number in (0, 1], got 0", () -> new SamplerConfig(1f, 0, 0f, 0f, 0));
        assertMessage("cold-stop-entropy must be a finite number >= 0, got -1",
                () -> SoftThinkingConfig.defaults().withColdStop(-1f, 1));
        assertMessage("threads must be an integer in [0, ", () -> new Model.Options(Backend.CPU, 20000));
        assertEquals(0, new Model.Options(Backend.CPU, 0).threads());
        assertMessage("latents must be an integer in [0, 64], got 65", () -> new Trainer.Options(65, 1f, 0, 16f, 1, 0, Backend.CPU, 0));
        assertMessage("kd-factor must be a finite number >= 0, got NaN", () -> Trainer.Options.full(6, Float.NaN));
        TrainConfig d = TrainConfig.defaults();
        assertMessage("warmup-ratio must be a number in [0, 1], got 2", () -> new TrainConfig(d.lr(), 2f, d.schedule(), d.weightDecay(),
                d.maxGradNorm(), d.beta1(), d.beta2(), d.eps(), d.batch(), d.gradAccum(), d.epochs(), d.steps(), d.seed(), d.shuffle()));
    }

    private static void assertMessage(String prefix, Runnable r) {
        try {
            r.run();
            fail("accepted: expected " + prefix);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        }
    }
}
