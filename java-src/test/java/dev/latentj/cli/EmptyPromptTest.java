package dev.latentj.cli;

import dev.latentj.codi.Codi;
import dev.latentj.engine.Model;
import dev.latentj.reason.Reasoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One rule for an empty prompt (issue 13): codi, cot, soft and probe refuse an empty or blank prompt with the same
 * message; generate takes an empty prompt as BOS alone. The library follows the same rule.
 */
class EmptyPromptTest {
    private static final String MESSAGE = "error: prompt must not be empty or blank (only generate takes an empty prompt: it starts from BOS)";

    @ParameterizedTest
    @ValueSource(strings = {"codi", "cot", "soft"})
    void everyReasoningModeRefusesAnEmptyOrBlankPrompt(String mode) {
        for (String prompt : new String[] {"", " \n\t"}) {
            Cli.Result r = Cli.run("run", "--mode", mode, prompt);
            assertEquals(1, r.code(), r.toString());
            assertEquals(MESSAGE, r.err().strip(), r.toString());
        }
    }

    @Test
    void probeRefusesItToo() {
        Cli.Result r = Cli.run("probe", "--latents", "");
        assertEquals(1, r.code(), r.toString());
        assertEquals(MESSAGE, r.err().strip(), r.toString());
    }

    @Test
    void generateStartsFromBos() {
        Cli.Result r = Cli.run("run", "--mode", "generate", "--max-tokens", "3", "--json", "");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"answer_tokens\":3"), r.toString());
    }

    @Test
    void theLibraryNamesTheParameter() throws Exception {
        try (Model m = Model.load(DefaultModel.path())) {
            Reasoner r = new Reasoner(m);
            var e = assertThrows(IllegalArgumentException.class, () -> r.codi(List.of("2 + 2?", ""), Codi.Options.defaults()));
            assertTrue(e.getMessage().startsWith("prompt must not be empty"), e.getMessage());
        }
    }
}
