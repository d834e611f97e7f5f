package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufMetadata;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The committed default model, models/codi-gpt2-tiny-q8_0.gguf (see models/README.md), and what `info` says of it. */
class DefaultModelFileTest {
    static final Path FILE = Path.of("models", DefaultModel.FILE_NAME);
    static final long MAX_BYTES = 20_000_000;

    @Test
    void existsAndIsSmall() throws Exception {
        assertTrue(Files.isRegularFile(FILE), FILE + " is missing (see models/README.md for the command that makes it)");
        assertTrue(Files.size(FILE) <= MAX_BYTES, FILE + ": " + Files.size(FILE) + " bytes > " + MAX_BYTES);
    }

    @Test
    void carriesCodiMetadataTokenizerAndQ8_0Weights() throws Exception {
        try (GgufFile f = GgufFile.open(FILE)) {
            GgufMetadata md = f.metadata();
            assertEquals("gpt2", md.getString("general.architecture"));
            assertEquals(7, md.getInt("general.file_type"), "general.file_type MOSTLY_Q8_0");
            assertEquals(50258, md.getInt("codi.bot_token_id"));
            assertEquals(50259, md.getInt("codi.eot_token_id"));
            assertEquals(6, md.getInt("codi.num_latent"));
            assertEquals("The answer is:", md.getString("codi.answer_prompt"));
            Tokenizer tok = Tokenizer.fromGguf(f);
            assertEquals(50260, tok.vocabSize(), "GPT-2 vocabulary plus CODI's pad, bot, eot");
            assertEquals("The answer is: 42", tok.decode(tok.encode("The answer is: 42", false, false)));
            assertEquals(50258, tok.tokenId("<|bot|>").orElseThrow());
            for (GgufTensorInfo t : f.tensors()) {
                GgmlType want = t.nDims() == 2 && t.name().startsWith("blk.") && t.name().endsWith(".weight") || t.name().equals("token_embd.weight")
                        ? GgmlType.Q8_0 : GgmlType.F32;
                assertEquals(want, t.type(), t.name());
            }
        }
        try (Model m = Model.load(FILE, new Model.Options(Backend.CPU, 2))) {
            assertTrue(m.hasProjection(), "CODI projection loaded");
        }
    }

    @Test
    void infoDescribesIt() throws Exception {
        ConvertInfoCommandTest.Run r = ConvertInfoCommandTest.run(new InfoCommand(), "-m", FILE.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(Files.size(FILE), j.get("file_bytes").asLong());
        assertEquals(50258, j.get("codi").get("bot_token_id").asInt());
        assertEquals("gpt2", j.get("tokenizer").get("model").asText());
        assertEquals(50260, j.get("tokenizer").get("vocab_size").asInt());
        assertEquals(17, j.get("tensors_by_type").get("Q8_0").asInt(), "Q8_0 tensors");
        assertEquals(41, j.get("tensors_by_type").get("F32").asInt(), "F32 tensors (norms, biases, position_embd, CODI projection)");
    }
}
