package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj speed` through Main: the JSON contract, the table, option ranges and errors (never timings). */
class SpeedCommandTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private String stdout() { return console.out(); }

    private String stderr() { return console.err(); }

    @Test
    void jsonHasOneResultPerTestWithTheContractFields() throws Exception {
        assertEquals(0, console.run("speed", "--json", "-p", "8", "-n", "2", "-d", "0,3", "-r", "2", "-t", "1", "--batch", "1,2"), stderr());
        JsonNode j = new ObjectMapper().readTree(stdout());
        assertEquals("default", j.get("model").asText());
        assertEquals("CPU", j.get("backend").asText());
        assertEquals(1, j.get("threads").asInt());
        JsonNode rs = j.get("results");
        // per batch and depth: pp8, then tg2, latent2, soft2 (the embedded model has a CODI projection)
        assertEquals(2 * 2 * 4, rs.size());
        List<String> order = new ArrayList<>();
        for (JsonNode r : rs) {
            for (String f : new String[] {"test", "depth", "batch", "tokens_per_s", "stddev", "runs"}) assertTrue(r.has(f), f + " in " + r);
            assertEquals(6, r.size(), "no other fields: " + r);
            assertEquals(2, r.get("runs").asInt());
            assertTrue(r.get("tokens_per_s").asDouble() > 0);
            assertTrue(r.get("stddev").asDouble() >= 0);
            order.add(r.get("test").asText() + "/" + r.get("depth").asInt() + "/" + r.get("batch").asInt());
        }
        assertEquals(List.of("pp8/0/1", "tg2/0/1", "latent2/0/1", "soft2/0/1", "pp8/3/1", "tg2/3/1", "latent2/3/1", "soft2/3/1",
                "pp8/0/2", "tg2/0/2", "latent2/0/2", "soft2/0/2", "pp8/3/2", "tg2/3/2", "latent2/3/2", "soft2/3/2"), order);
        assertTrue(stderr().contains("speed: pp8 batch 1: run 1/2"), stderr());
        assertFalse(stdout().contains("speed:"), "progress stays on stderr");
    }

    @Test
    void tableInLlamaBenchStyle() {
        assertEquals(0, console.run("speed", "-p", "4", "-n", "2", "-d", "0,2", "-r", "1", "-t", "1", "--steps", "token"), stderr());
        List<String> lines = stdout().lines().toList();
        assertEquals(2 + 4, lines.size(), stdout());
        assertTrue(lines.get(0).matches("\\| model +\\| +size \\| +params \\| backend \\| threads \\| batch \\| +test \\| +t/s \\|"), lines.get(0));
        assertTrue(lines.get(1).matches("\\| -+ \\| -+: \\| -+: \\| -+ \\| -+: \\| -+: \\| -+: \\| -+: \\|"), lines.get(1));
        assertTrue(lines.get(2).startsWith("| gpt2 "), lines.get(2));
        assertTrue(lines.get(2).contains(" Q8_0 "), lines.get(2));
        assertTrue(lines.get(3).contains("|   tg2 |") || lines.get(3).contains(" tg2 |"), lines.get(3));
        assertTrue(lines.get(5).contains(" tg2 @ d2 |"), lines.get(5));
        assertTrue(lines.get(5).matches(".*\\| +[0-9.]+ ± [0-9.]+ \\|"), lines.get(5));
        for (String l : lines) assertEquals(lines.get(0).length(), l.length(), "aligned columns");
    }

    @Test
    void optionRangesAreUsageErrors() {
        String[][] bad = {{"-r", "0"}, {"-p", "-1"}, {"-n", "-2"}, {"-d", "-1"}, {"--batch", "0"}, {"--batch", "5000"},
                {"-t", "-1"}, {"--steps", "token,words"}, {"--steps", "soft,soft"}, {"--kv-type", "q8_0"}, {"-p", "0", "-n", "0"},
                {"-p", "x"}};
        for (String[] args : bad) {
            List<String> a = new ArrayList<>(List.of("speed"));
            a.addAll(List.of(args));
            assertEquals(2, console.run(a.toArray(String[]::new)), String.join(" ", args) + ": " + stderr());
            assertTrue(stderr().length() > 0);
        }
    }

    @Test
    void aMissingModelIsOneErrorLine() {
        assertEquals(1, console.run("speed", "-m", "no/such.gguf", "-p", "1", "-n", "0"));
        assertEquals("error: no/such.gguf: no such file, expected a GGUF file", stderr().strip());
    }

    @Test
    void aContextBeyondGpt2sPositionsIsOneErrorLine() {
        assertEquals(1, console.run("speed", "-p", "0", "-n", "4", "-d", "5000", "-r", "1", "-t", "1", "--steps", "token"));
        List<String> errors = stderr().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), stderr());
        assertTrue(errors.get(0).contains("learned positions"), errors.get(0));
    }
}
