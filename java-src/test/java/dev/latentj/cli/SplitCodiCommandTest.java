package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** convert --split-codi, then the pair used through -m (companion found beside it) and --codi (named). */
class SplitCodiCommandTest {
    private static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";

    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private int run(String... args) {
        return console.run(args);
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(console.out());
    }

    @Test
    void splitPairAnswersAsTheOneFileModel() throws Exception {
        Path base = tmp.resolve("codi.gguf");
        assertEquals(0, run("convert", "models/" + DefaultModel.FILE_NAME, "--split-codi", "-o", base.toString()), console.err());
        Path companion = tmp.resolve("codi.codi.gguf");
        assertTrue(Files.isRegularFile(companion));

        assertEquals(0, run("run", "--json", QUESTION), console.err());
        String oneFile = json().get("text").asText();
        assertEquals(0, run("run", "--json", "-m", base.toString(), QUESTION), console.err());
        assertEquals("codi", json().get("mode").asText(), "the companion beside -m makes it a CODI model");
        assertEquals(oneFile, json().get("text").asText());

        Path renamed = Files.move(companion, tmp.resolve("prj.gguf"));
        assertEquals(0, run("run", "--json", "-m", base.toString(), "--codi", renamed.toString(), QUESTION), console.err());
        assertEquals(oneFile, json().get("text").asText());
        assertEquals(0, run("info", "--json", "-m", base.toString(), "--codi", renamed.toString()), console.err());
        assertEquals(6, json().get("codi").get("num_latent").asInt());
        assertEquals(58, json().get("tensor_count").asInt());

        assertEquals(1, run("run", "--mode", "codi", "-m", base.toString(), QUESTION), "alone, the base is no CODI model");
        String e = console.err();
        assertTrue(e.startsWith("error: ") && e.strip().lines().count() == 1, e);
        assertEquals(1, run("run", "-m", base.toString(), "--codi", tmp.resolve("none.gguf").toString(), QUESTION));
        assertTrue(console.err().startsWith("error: CODI companion not found"), console.err());
    }
}
