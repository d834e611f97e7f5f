package dev.latentj.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the CLI says about itself is true and whole (issue 13, small lies). */
class HelpAndVersionTest {
    @Test
    void everySubcommandPrintsTheVersion() {
        new CommandLine(new Main()).getSubcommands().forEach((name, cmd) -> {
            if (name.equals("help")) return;
            Cli.Result r = Cli.run(name, "-V");
            assertEquals(0, r.code(), name + ": " + r);
            assertEquals(Main.VERSION, r.out().strip(), name + ": " + r);
        });
    }

    /** picocli lists only a description's first line, so a description of several lines was cut mid-sentence. */
    @Test
    void theCommandListShowsWholeDescriptions() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code(), r.toString());
        String help = r.out().replaceAll("\\s+", " ");
        new CommandLine(new Main()).getSubcommands().forEach((name, cmd) -> {
            if (name.equals("help")) return; // picocli's own: it has a one-line header for the list
            String description = String.join(" ", cmd.getCommandSpec().usageMessage().description()).replaceAll("\\s+", " ");
            assertTrue(help.contains(name + " " + description), name + " is cut in:\n" + r.out());
        });
    }
}
