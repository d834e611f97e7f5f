package dev.latentj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of {@code bin/latentj}. Each subcommand lives in its own class in this package. Exit codes: 0 ok,
 * 1 error, 2 usage error; either prints one line {@code error: <what and where>} (a stack trace only with --verbose).
 */
@Command(name = "latentj", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Latent reasoning (CODI, Soft Thinking) and token CoT on GGUF models, on a native ggml engine.",
        subcommands = {CommandLine.HelpCommand.class, InfoCommand.class, ConvertCommand.class, EvalCommand.class,
                RunCommand.class, ProbeCommand.class, TokenizeCommand.class, DetokenizeCommand.class, BenchCommand.class,
                ReportCommand.class, SpeedCommand.class, SynthCommand.class, ServeCommand.class, RpcServerCommand.class,
                TrainCommand.class})
public final class Main {
    static final String VERSION = "latentj 0.1.0";

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "on an error, print its stack trace too")
    boolean verbose;

    public static void main(String[] args) {
        Utf8Terminal.install();
        System.exit(run(Utf8Terminal.arguments(args)));
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 error (printed as {@code error: <reason>}), 2 usage. */
    public static int run(String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(Utf8Terminal.writer(System.out));
        cl.setErr(Utf8Terminal.writer(System.err));
        cl.registerConverter(Path.class, Utf8Terminal::path);
        // -V on every subcommand, not only on latentj itself
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(VERSION));
        OptionRanges.document(cl);
        cl.setExecutionStrategy(parsed -> {
            OptionRanges.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ErrorMessages.of(ex));
            if (main.verbose || verbose(parsed)) ex.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (LinkageError e) {
            // the native libraries did not load (an UnsatisfiedLinkError, possibly inside a class initialiser)
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            cl.getErr().println("error: " + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
            return 1;
        }
    }

    /** One line instead of picocli's usage page: the problem, and where the full help is. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String hint = ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? "; did you mean " + closest(u.getUnmatched().getFirst(), u.getSuggestions()) + "?" : "";
        cmd.getErr().println("error: " + ErrorMessages.of(ex) + hint + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Of picocli's suggestions (which it ranks loosely), the fewest edits away from what was typed. */
    static String closest(String typed, List<String> suggestions) {
        String name = typed.split("=", 2)[0];
        String best = suggestions.getFirst();
        for (String s : suggestions) if (editDistance(name, s) < editDistance(name, best)) best = s;
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) row[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = up;
            }
        }
        return row[b.length()];
    }

    /** Whether --verbose was given anywhere on the command line (it is inherited by every subcommand). */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }
}
