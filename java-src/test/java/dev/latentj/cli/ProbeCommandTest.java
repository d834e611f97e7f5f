package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj probe` prints tables for people and keeps its JSON; both show the same steps (embedded model). */
class ProbeCommandTest {
    private static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private String run(String... args) {
        assertEquals(0, console.run(args), console.err());
        return console.out();
    }

    @Test
    void latentsTableShowsTheJsonTokens() throws Exception {
        JsonNode json = new ObjectMapper().readTree(run("probe", "--latents", "--top", "3", "--json", QUESTION));
        List<String> table = run("probe", "--latents", "--top", "3", QUESTION).lines().toList();

        assertEquals(List.of("thought", "top", "1", "top", "2", "top", "3"), List.of(table.get(1).trim().split("\\s+")));
        JsonNode steps = json.get("latents");
        assertEquals(steps.size(), table.size() - 3, "a row per continuous thought under the title, header and rule");
        for (int i = 0; i < steps.size(); i++) {
            String row = table.get(3 + i);
            assertTrue(row.strip().startsWith(Integer.toString(i)), row);
            for (JsonNode t : steps.get(i).get("top")) {
                String cell = ProbeTables.quoted(t.get("token").asText()) + " "
                        + String.format(Locale.ROOT, "%.3f", t.get("prob").asDouble());
                assertTrue(row.contains(cell), "step " + i + " shows " + cell + ": " + row);
            }
        }
        assertFalse(String.join("\n", table).contains("{"), "no Java maps");
    }

    @Test
    void jsTableShowsTheJsonSteps() throws Exception {
        JsonNode json = new ObjectMapper().readTree(run("probe", "--js", "--json", QUESTION));
        List<String> table = run("probe", "--js", QUESTION).lines().toList();

        JsonNode steps = json.get("steps");
        assertTrue(steps.size() > 0, "the probe ran soft steps");
        int header = 2;
        assertTrue(table.get(header).contains("JS(soft,top1)"), table.get(header));
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            String row = table.get(header + 2 + i);
            assertTrue(row.contains(ProbeTables.quoted(s.get("token").asText()) + "  "), row);
            assertTrue(row.contains(String.format(Locale.ROOT, "%.4f", s.get("js_soft_top1").asDouble())), row);
        }
        assertEquals("text: " + ProbeTables.quoted(json.get("text").asText()), table.getLast());
    }

    @Test
    void quotedTokensShowSpacesAndControlCharacters() {
        assertEquals("\" The\"", ProbeTables.quoted(" The"));
        assertEquals("\"a\\nb\\t\\\"\\u0001\"", ProbeTables.quoted("a\nb\t\"\u0001"));
    }
}
