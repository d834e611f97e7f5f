package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ConvertInfoCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void convertThenInfo() throws Exception {
        Path out = tmp.resolve("m.gguf");
        Run c = run(new ConvertCommand(), Fixtures.fixture("codi-gpt2-tiny").toString(), "-o", out.toString(), "--type", "f16", "-q");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("CODI"), c.out());
        Run i = run(new InfoCommand(), "-m", out.toString(), "--json");
        assertEquals(0, i.code(), i.err());
        JsonNode j = new ObjectMapper().readTree(i.out());
        assertEquals("gpt2", j.get("architecture").asText());
        assertEquals(4, j.get("hyperparameters").get("block_count").asInt());
        assertEquals(50258, j.get("codi").get("bot_token_id").asInt());
        assertEquals(1, j.get("file_type").asInt());
        assertTrue(j.get("tensors_by_type").get("F16").asInt() > 0);
        Run text = run(new InfoCommand(), "-m", out.toString());
        assertTrue(text.out().contains("architecture = gpt2"), text.out());
    }

    @Test
    void infoShowsTokenizerOfVocabFile() {
        Path p = Path.of("/root/.cache/latentj/llama.cpp/models/ggml-vocab-gpt-2.gguf");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(p));
        Run i = run(new InfoCommand(), "-m", p.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("vocab_size = 50257"), i.out());
    }

    @Test
    void errorsAreClear() {
        Run r = run(new ConvertCommand(), tmp.resolve("nope").toString(), "-o", tmp.resolve("x.gguf").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such file or directory"), r.err());
        Run bad = run(new InfoCommand(), "-m", Fixtures.fixture("arch-gpt2").resolve("config.json").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("bad magic"), bad.err());
        Run t = run(new ConvertCommand(), Fixtures.fixture("arch-gpt2").toString(), "-o", tmp.resolve("x.gguf").toString(), "--type", "q4_0");
        assertEquals(1, t.code());
        assertTrue(t.err().contains("--type q4_0 is not supported"), t.err());
    }
}
