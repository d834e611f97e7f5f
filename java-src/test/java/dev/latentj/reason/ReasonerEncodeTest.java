package dev.latentj.reason;

import dev.latentj.cli.DefaultModel;
import dev.latentj.engine.Model;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompts are read with special tokens only when asked (chat templates, think markers). */
class ReasonerEncodeTest {
    @Test
    void specialTokensAreParsedOnlyWhenAsked() throws IOException {
        try (Model m = Model.load(DefaultModel.path())) {
            assertArrayEquals(new int[] {50256}, new Reasoner(m, true).encode("<|endoftext|>"));
            assertTrue(new Reasoner(m).encode("<|endoftext|>").length > 1, "plain text by default");
        }
    }
}
