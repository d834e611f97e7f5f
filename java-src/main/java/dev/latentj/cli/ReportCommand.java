package dev.latentj.cli;

import dev.latentj.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code latentj report DIR [DIR...] -o FILE.html}: several bench runs on one page, one series per run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Merge the results.json of one or more bench runs (models, quantisation types, machines) into one "
                + "self-contained HTML page: the table per mode, accuracy vs latency, reasoning positions, pass@k and the "
                + "problem list, one series per run (labelled by its directory name).")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "a bench --out directory holding results.json")
    List<Path> dirs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.html", description = "the page to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path written = Report.write(dirs, out);
        spec.commandLine().getOut().println("wrote " + written + " (" + dirs.size() + (dirs.size() == 1 ? " run)" : " runs)"));
        return 0;
    }
}
