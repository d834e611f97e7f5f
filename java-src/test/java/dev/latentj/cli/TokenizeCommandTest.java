package dev.latentj.cli;

import dev.latentj.testing.LlamaVocabs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizeCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(Object cmd, String... args) {
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void tokenizeAndDetokenize(@TempDir Path tmp) throws Exception {
        String gguf = LlamaVocabs.gguf("gpt-2").toString();
        Run r = run(new TokenizeCommand(), "-m", gguf, "Hello world");
        assertEquals(0, r.code(), r.err());
        assertEquals("15496 995", r.out().strip());

        Run j = run(new TokenizeCommand(), "-m", gguf, "--json", "Hello world");
        assertEquals("{\"ids\":[15496,995],\"pieces\":[\"Hello\",\" world\"]}", j.out().strip());

        Path f = tmp.resolve("in.txt");
        Files.writeString(f, "Hello world");
        assertEquals("15496 995", run(new TokenizeCommand(), "-m", gguf, "--file", f.toString()).out().strip());

        assertEquals("50256", run(new TokenizeCommand(), "-m", gguf, "--special", "<|endoftext|>").out().strip());
        assertTrue(run(new TokenizeCommand(), "-m", gguf, "<|endoftext|>").out().strip().contains(" "));

        assertEquals("Hello world", run(new DetokenizeCommand(), "-m", gguf, "15496", "995").out().strip());
        assertEquals("Hello world", run(new DetokenizeCommand(), "-m", gguf, "--ids", "15496,995").out().strip());
        assertEquals("{\"text\":\"Hello world\"}", run(new DetokenizeCommand(), "-m", gguf, "--json", "15496 995").out().strip());
        assertEquals("Hello world<|endoftext|>",
                run(new DetokenizeCommand(), "-m", gguf, "--special", "15496", "995", "50256").out().strip());
    }

    @Test
    void errors() {
        String gguf = LlamaVocabs.gguf("gpt-2").toString();
        assertEquals(2, run(new TokenizeCommand(), "-m", gguf).code());                 // neither TEXT nor --file
        assertEquals(2, run(new DetokenizeCommand(), "-m", gguf, "x1").code());        // not an id
        Run r = run(new DetokenizeCommand(), "-m", gguf, "99999999");
        assertTrue(r.code() != 0 && r.err().contains("out of range"), r.err());
    }
}
