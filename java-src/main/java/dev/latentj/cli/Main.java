package dev.latentj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/latentj}. Each subcommand lives in its own class in this package. */
@Command(name = "latentj", mixinStandardHelpOptions = true, version = "latentj 0.1.0",
        description = "Latent reasoning (CODI, Soft Thinking) and token CoT on GGUF models, on a native ggml engine.",
        subcommands = {CommandLine.HelpCommand.class, InfoCommand.class, ConvertCommand.class, EvalCommand.class,
                RunCommand.class, ProbeCommand.class, TokenizeCommand.class, DetokenizeCommand.class, BenchCommand.class,
                TrainCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 error (printed as {@code error: <reason>}), 2 usage. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String msg = ex.getMessage() != null ? ex.getMessage() : ex.toString();
            cmd.getErr().println("error: " + msg.replace('\n', ' '));
            if (System.getenv("LATENTJ_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }
}
