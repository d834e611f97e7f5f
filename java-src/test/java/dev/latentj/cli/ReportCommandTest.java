package dev.latentj.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj report`: a page from run directories; a missing results.json is an error, a missing -o a usage error. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesThePageAndRefusesBadInput() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("results.json"), """
                {"model": "m", "dataset": "d", "modes": {"codi": {"n": 1, "accuracy": 1.0, "mean_reasoning_positions": 6,
                 "latency_ms_p50": 1, "latency_ms_p95": 1, "problems_per_s": 1,
                 "predictions": [{"index": 0, "text": "The answer is: 1", "answer": 1.0, "correct": true}]}}}
                """);
        Path page = tmp.resolve("out/page.html");
        assertEquals(0, Main.run("report", run.toString(), run.toString(), "-o", page.toString()));
        assertTrue(Files.readString(page).contains("run #2"), "both runs, the second relabelled");
        assertEquals(1, Main.run("report", tmp.resolve("nothing").toString(), "-o", page.toString()), "no results.json");
        assertEquals(2, Main.run("report", run.toString()), "-o is required");
        assertEquals(2, Main.run("report", "-o", page.toString()), "a DIR is required");
    }
}
