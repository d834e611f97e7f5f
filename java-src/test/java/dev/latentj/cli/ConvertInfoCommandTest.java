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
    void llama2cWithItsTokenizerAtQ4K() throws Exception {
        Path dir = Fixtures.shared("data/models/stories260K");
        Path out = tmp.resolve("stories.gguf");
        Run c = run(new ConvertCommand(), dir.resolve("stories260K.bin").toString(), "-o", out.toString(), "--type", "q4_k",
                "--tokenizer", dir.resolve("tok512.bin").toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("LLAMA2C, Q4_K"), c.out());
        assertTrue(c.err().contains("[47/47] output_norm.weight"), "progress per tensor: " + c.err());
        JsonNode j = new ObjectMapper().readTree(run(new InfoCommand(), "-m", out.toString(), "--json").out());
        assertEquals("llama", j.get("tokenizer").get("model").asText());
        assertEquals(15, j.get("file_type").asInt(), "Q4_K_M");
        // 64-wide rows cannot hold 256-blocks, so llama.cpp's fallbacks: Q4_K -> Q5_0; Q8_0 for the tied embedding and
        // for attn_v of layers 2 and 4 (Q6_K by use_more_bits); ffn_down's 172-wide rows fit no block: F16
        JsonNode byType = j.get("tensors_by_type");
        assertEquals(3, byType.get("Q8_0").asInt(), j.toString());
        assertEquals(5, byType.get("F16").asInt(), j.toString());
        assertEquals(28, byType.get("Q5_0").asInt(), j.toString());
        assertEquals(11, byType.get("F32").asInt(), j.toString());
    }

    @Test
    void infoShowsTokenizerOfVocabFile() {
        Path p = dev.latentj.testing.LlamaVocabs.gguf("gpt-2");
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
        Run t = run(new ConvertCommand(), Fixtures.fixture("arch-gpt2").toString(), "-o", tmp.resolve("x.gguf").toString(), "--type", "q2_k");
        assertEquals(1, t.code());
        assertTrue(t.err().contains("--type q2_k is not supported (f32, f16, bf16, q8_0, q4_0, q4_k, q5_k, q6_k)"), t.err());
    }
}
