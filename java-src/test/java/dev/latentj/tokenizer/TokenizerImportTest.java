package dev.latentj.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufWriter;
import dev.latentj.testing.Fixtures;
import dev.latentj.testing.LlamaVocabs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerImportTest {
    static final List<String> CODI_EXTRA = List.of("[PAD]", "<|bocot|>", "<|eocot|>");

    @Test
    void codiGpt2FilesReproduceReferencePromptIds() throws Exception {
        Path dir = Fixtures.fixture("codi-gpt2-tiny");
        VocabData v = TokenizerImport.fromGpt2Files(dir.resolve("vocab.json"), dir.resolve("merges.txt"), CODI_EXTRA);
        assertEquals(50260, v.size());
        assertEquals(50256, v.bos());
        Tokenizer t = Tokenizer.of(v);
        assertTrue(t.isControl(50258) && t.isControl(50256));
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        int checked = 0;
        for (JsonNode c : ref.path("cases")) {
            int[] expected = new ObjectMapper().convertValue(c.path("prompt_ids"), int[].class);
            // CODI's prompt: question ids, then bot
            int[] got = t.encode(c.path("question").asText(), false, false);
            assertArrayEquals(Arrays.copyOf(expected, expected.length - 1), got, c.path("question").asText());
            assertEquals(50258, expected[expected.length - 1]);
            checked++;
        }
        assertTrue(checked > 0);
        // the appended markers parse as text only when asked to
        assertArrayEquals(new int[] {50258}, t.encode("<|bocot|>", false, true));
        assertTrue(t.encode("<|bocot|>", false, false).length > 1);
    }

    @Test
    void gpt2FilesMatchLlamaCppGguf() throws Exception {
        Path dir = Fixtures.fixture("codi-gpt2-tiny");
        Tokenizer mine = Tokenizer.of(TokenizerImport.fromGpt2Files(dir.resolve("vocab.json"), dir.resolve("merges.txt"), List.of()));
        Tokenizer ref = TokenizerVocabTest.tokenizer("gpt-2");
        for (var c : LlamaVocabs.cases("gpt-2")) {
            assertArrayEquals(ref.encode(c.text(), false, false), mine.encode(c.text(), false, false), c.text());
        }
    }

    @Test
    void hfTokenizerJsonImport(@TempDir Path tmp) throws Exception {
        // a tokenizer.json assembled from GPT-2's files, in the newer [left, right] merge format
        Path dir = Fixtures.fixture("codi-gpt2-tiny");
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.set("vocab", om.readTree(dir.resolve("vocab.json").toFile()));
        ArrayNode merges = model.putArray("merges");
        for (String line : Files.readAllLines(dir.resolve("merges.txt"))) {
            if (line.startsWith("#") || line.isBlank()) continue;
            int sp = line.indexOf(' ', 1);
            merges.addArray().add(line.substring(0, sp)).add(line.substring(sp + 1));
        }
        root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false).put("use_regex", true);
        root.putArray("added_tokens").addObject().put("id", 50256).put("content", "<|endoftext|>").put("special", true);
        Path json = tmp.resolve("tokenizer.json");
        om.writeValue(json.toFile(), root);
        Files.writeString(tmp.resolve("tokenizer_config.json"),
                "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": {\"content\": \"<|endoftext|>\"}}");

        VocabData v = TokenizerImport.fromHfTokenizerJson(json, null);
        assertEquals("gpt-2", v.pre());
        assertEquals(50256, v.eos());
        assertEquals(TokenType.CONTROL, v.tokenType(50256));
        Tokenizer t = Tokenizer.of(v);
        Tokenizer ref = TokenizerVocabTest.tokenizer("gpt-2");
        for (var c : LlamaVocabs.cases("gpt-2")) {
            assertArrayEquals(ref.encode(c.text(), false, false), t.encode(c.text(), false, false), c.text());
        }
    }

    @Test
    void stories260KMatchesLlama2cEncoder() throws Exception {
        Path tok = Fixtures.shared("data/models/stories260K/tok512.bin");
        VocabData v = TokenizerImport.fromLlama2cTokenizer(tok, 512);
        Tokenizer t = Tokenizer.of(v);
        assertEquals(1, t.bos());
        assertEquals(2, t.eos());
        Llama2cReference ref = new Llama2cReference(v);
        List<String> texts = new ArrayList<>(List.of("Once upon a time, there was a little girl named Lily.",
                "héllo wörld 😀\n\nnew  lines", " leading space", ""));
        for (String line : Files.readAllLines(Fixtures.shared("data/gsm8k/test.jsonl"), StandardCharsets.UTF_8).subList(0, 200)) {
            texts.add(new ObjectMapper().readTree(line).path("question").asText());
        }
        for (String s : texts) {
            int[] got = t.encode(s, true, false);
            assertArrayEquals(ref.encode(s), got, s);
            assertEquals(s, t.decode(got), "round trip");
        }
        // llama2.c's decoding rule: after BOS the first piece loses its leading space
        int once = t.encode("Once", false, false)[0];
        assertEquals("Once", t.decode(new int[] {1, once}));
        assertEquals(" Once Once", t.decode(new int[] {2, once, once}).substring(0));
    }

    @Test
    void writeToRoundTripsThroughGguf(@TempDir Path tmp) throws Exception {
        Path tok = Fixtures.shared("data/models/stories260K/tok512.bin");
        VocabData v = TokenizerImport.fromLlama2cTokenizer(tok, 512);
        GgufWriter w = new GgufWriter();
        v.writeTo(w);
        Path out = tmp.resolve("tok.gguf");
        w.write(out);
        try (GgufFile f = GgufFile.open(out)) {
            VocabData back = VocabLoader.fromGguf(f);
            assertEquals(v.tokens(), back.tokens());
            assertArrayEquals(v.scores(), back.scores());
            assertArrayEquals(v.tokenTypes(), back.tokenTypes());
            assertEquals(List.of(v.bos(), v.eos(), v.unk(), v.addBos(), v.addSpacePrefix()),
                    List.of(back.bos(), back.eos(), back.unk(), back.addBos(), back.addSpacePrefix()));
            String s = "The cat sat on the mat.";
            assertArrayEquals(Tokenizer.of(v).encode(s, true, false), Tokenizer.fromGguf(f).encode(s, true, false));
        }
    }

    /** llama2.c's {@code encode()}: dummy-prefix space, then greedily merge the best-scoring adjacent pair. */
    static final class Llama2cReference {
        final VocabData v;
        final java.util.Map<String, Integer> ids = new java.util.HashMap<>();

        Llama2cReference(VocabData v) {
            this.v = v;
            for (int i = 0; i < v.size(); i++) ids.put(v.tokens().get(i).replace('\u2581', ' '), i);
        }

        int[] encode(String text) {
            List<Integer> toks = new ArrayList<>();
            toks.add(1);
            if (!text.isEmpty()) {
                toks.add(ids.get(" "));
                text.codePoints().forEach(cp -> {
                    String ch = new String(Character.toChars(cp));
                    Integer id = ids.get(ch);
                    if (id != null) toks.add(id);
                    else for (byte b : ch.getBytes(StandardCharsets.UTF_8)) toks.add((b & 0xFF) + 3);
                });
            }
            while (true) {
                float best = -1e10f;
                int bestId = -1, bestIdx = -1;
                for (int i = 1; i + 1 < toks.size(); i++) {
                    Integer id = ids.get(text(toks.get(i)) + text(toks.get(i + 1)));
                    if (id != null && v.scores()[id] > best) {
                        best = v.scores()[id];
                        bestId = id;
                        bestIdx = i;
                    }
                }
                if (bestIdx < 0) break;
                toks.set(bestIdx, bestId);
                toks.remove(bestIdx + 1);
            }
            return toks.stream().mapToInt(Integer::intValue).toArray();
        }

        String text(int id) {
            return v.tokenType(id) == TokenType.BYTE ? "\u0000byte" + id : v.tokens().get(id).replace('\u2581', ' ');
        }
    }
}
