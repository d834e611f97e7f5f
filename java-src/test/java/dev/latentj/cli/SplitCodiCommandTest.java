package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** convert --split-codi, then the pair used through -m (companion found beside it) and --codi (named). */
class SplitCodiCommandTest {
    private static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut, oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args);
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void splitPairAnswersAsTheOneFileModel() throws Exception {
        Path base = tmp.resolve("codi.gguf");
        assertEquals(0, run("convert", "models/" + DefaultModel.FILE_NAME, "--split-codi", "-o", base.toString()), err.toString());
        Path companion = tmp.resolve("codi.codi.gguf");
        assertTrue(Files.isRegularFile(companion));

        assertEquals(0, run("run", "--json", QUESTION), err.toString());
        String oneFile = json().get("text").asText();
        assertEquals(0, run("run", "--json", "-m", base.toString(), QUESTION), err.toString());
        assertEquals("codi", json().get("mode").asText(), "the companion beside -m makes it a CODI model");
        assertEquals(oneFile, json().get("text").asText());

        Path renamed = Files.move(companion, tmp.resolve("prj.gguf"));
        assertEquals(0, run("run", "--json", "-m", base.toString(), "--codi", renamed.toString(), QUESTION), err.toString());
        assertEquals(oneFile, json().get("text").asText());
        assertEquals(0, run("info", "--json", "-m", base.toString(), "--codi", renamed.toString()), err.toString());
        assertEquals(6, json().get("codi").get("num_latent").asInt());
        assertEquals(58, json().get("tensor_count").asInt());

        assertEquals(1, run("run", "--mode", "codi", "-m", base.toString(), QUESTION), "alone, the base is no CODI model");
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("error: ") && e.strip().lines().count() == 1, e);
        assertEquals(1, run("run", "-m", base.toString(), "--codi", tmp.resolve("none.gguf").toString(), QUESTION));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: CODI companion not found"), err.toString());
    }
}
