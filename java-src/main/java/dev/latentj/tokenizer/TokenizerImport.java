package dev.latentj.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.io.JsonError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link VocabData} ({@code tokenizer.ggml.*}) from the tokenizer files models come with, for the
 * model importer: GPT-2 {@code vocab.json} + {@code merges.txt}, HF {@code tokenizer.json}, llama2.c
 * {@code tok*.bin}, or an existing GGUF ({@link VocabLoader}).
 */
public final class TokenizerImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPM_SPACE = "\u2581";

    private TokenizerImport() {}

    /**
     * GPT-2 style {@code vocab.json} + {@code merges.txt}. {@code <|endoftext|>} becomes a control token and
     * BOS = EOS; {@code extraControlTokens} are appended after the base vocabulary as control tokens (CODI
     * adds pad / bot / eot this way, at ids 50257..50259).
     *
     * @param vocabJson          token text to id, ids 0..n-1 without gaps
     * @param mergesTxt          one merge "left right" per line, by rank; a {@code #version} line is skipped
     * @param extraControlTokens texts of tokens to append, possibly none
     * @return a "gpt2" vocabulary with the "gpt-2" pre-tokenizer
     * @throws IOException when a file cannot be read, is not valid JSON, or its ids have gaps
     */
    public static VocabData fromGpt2Files(Path vocabJson, Path mergesTxt, List<String> extraControlTokens) throws IOException {
        JsonNode vocab = readJson(vocabJson);
        List<String> tokens = denseTokens(vocab, "vocab.json");
        List<String> merges = new ArrayList<>();
        for (String line : Files.readAllLines(mergesTxt, StandardCharsets.UTF_8)) {
            if (line.startsWith("#version") || line.isBlank()) continue;
            merges.add(line);
        }
        int[] types = new int[tokens.size()];
        java.util.Arrays.fill(types, TokenType.NORMAL);
        int eot = tokens.indexOf("<|endoftext|>");
        if (eot >= 0) types[eot] = TokenType.CONTROL;
        VocabData v = new VocabData("gpt2", "gpt-2", tokens, null, types, merges, eot, eot, -1, -1,
                null, null, null, null);
        return extraControlTokens.isEmpty() ? v : v.withAppended(extraControlTokens, TokenType.CONTROL);
    }

    /**
     * HF {@code tokenizer.json} with a BPE model. Byte-level BPE becomes "gpt2" with the pre-tokenizer named by
     * {@code pre}, or recognised from the tokenizer's split regex when {@code pre} is null (GPT-2, Llama 3,
     * Qwen2); BPE with byte_fallback (Llama 2 / Mistral exports) becomes "llama" with scores from the
     * piece order. Added tokens become control tokens (special) or user-defined ones. BOS / EOS and the add
     * flags are read from a {@code tokenizer_config.json} beside it, if there is one.
     *
     * @param tokenizerJson the tokenizer.json file
     * @param pre           the pre-tokenizer's llama.cpp name ("gpt-2", "llama-bpe", "qwen2", ...), or null to
     *                      recognise it
     * @return the vocabulary
     * @throws IOException when a file cannot be read or is not valid JSON, the model is not BPE, an added token's
     *                     id is out of range, or the pre-tokenizer is not recognised
     */
    public static VocabData fromHfTokenizerJson(Path tokenizerJson, String pre) throws IOException {
        JsonNode root = readJson(tokenizerJson);
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText("BPE"))) {
            throw new IOException("tokenizer.json model type '" + model.path("type").asText() + "' is not supported (BPE only)");
        }
        boolean spm = model.path("byte_fallback").asBoolean(false);
        List<String> base = denseTokens(model.path("vocab"), "tokenizer.json model.vocab");
        List<String> tokens = new ArrayList<>(base);
        List<Integer> types = new ArrayList<>();
        for (String t : base) types.add(spm && t.matches("<0x[0-9A-F]{2}>") ? TokenType.BYTE : TokenType.NORMAL);
        int maxId = base.size() + root.path("added_tokens").size(); // added tokens extend the vocabulary at most by their count
        for (JsonNode at : root.path("added_tokens")) {
            JsonNode idNode = at.path("id");
            if (!idNode.canConvertToInt() || !idNode.isIntegralNumber() || idNode.asInt() < 0 || idNode.asInt() >= maxId) {
                throw new IOException("tokenizer.json: added token id " + idNode + " is not in [0, " + maxId + ")");
            }
            int id = idNode.asInt();
            while (tokens.size() <= id) {
                tokens.add("[PAD" + tokens.size() + "]");
                types.add(TokenType.UNUSED);
            }
            tokens.set(id, at.path("content").asText());
            types.set(id, at.path("special").asBoolean(false) ? TokenType.CONTROL : TokenType.USER_DEFINED);
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode m : model.path("merges")) {
            if (m.isArray() && (m.size() != 2 || !m.get(0).isTextual() || !m.get(1).isTextual())) {
                throw new IOException("tokenizer.json: merge " + merges.size() + " is " + m + ", not a pair of strings");
            }
            merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
        }
        int[] typeArr = types.stream().mapToInt(Integer::intValue).toArray();
        String unkText = model.path("unk_token").isTextual() ? model.path("unk_token").asText() : null;
        int unk = unkText == null ? -1 : tokens.indexOf(unkText);
        if (unk >= 0 && typeArr[unk] != TokenType.CONTROL) typeArr[unk] = TokenType.UNKNOWN;

        VocabData v;
        if (spm) {
            // SentencePiece BPE ranks pieces by score, and HF keeps them in score order: score = -id
            float[] scores = new float[tokens.size()];
            for (int i = 0; i < scores.length; i++) scores[i] = -i;
            v = new VocabData("llama", "default", tokens, scores, typeArr, List.of(), -1, -1, unk, -1, null, null,
                    null, null);
        } else {
            String p = pre != null ? pre : detectPre(root.path("pre_tokenizer"));
            v = new VocabData("gpt2", p, tokens, null, typeArr, merges, -1, -1, unk, -1, null, null, null, null);
        }
        return withTokenizerConfig(v, tokenizerJson.resolveSibling("tokenizer_config.json"));
    }

    /** Recognises the common byte-level pre-tokenizers by their split regex. */
    static String detectPre(JsonNode preTok) throws IOException {
        String regex = null;
        boolean byteLevel = false;
        List<JsonNode> steps = new ArrayList<>();
        if ("Sequence".equals(preTok.path("type").asText())) preTok.path("pretokenizers").forEach(steps::add);
        else steps.add(preTok);
        for (JsonNode s : steps) {
            switch (s.path("type").asText()) {
                case "Split" -> regex = s.path("pattern").path("Regex").asText(null);
                case "ByteLevel" -> {
                    byteLevel = true;
                    if (s.path("use_regex").asBoolean(true) && regex == null) regex = "gpt2";
                }
                default -> { }
            }
        }
        if (regex == null || !byteLevel) throw new IOException("cannot tell the pre-tokenizer of this tokenizer.json; pass it");
        if (regex.equals("gpt2")) return "gpt-2";
        if (regex.contains("\\p{N}{1,3}")) return "llama-bpe";
        if (regex.contains("[\\p{L}\\p{M}]+")) return "qwen35";
        if (regex.contains("|\\p{N}|") || regex.contains("\\p{N}| ?")) return "qwen2";
        throw new IOException("unrecognised pre-tokenizer regex " + regex + "; pass the pre-tokenizer name");
    }

    /** A JSON file; its errors name the file and the line, without Jackson's internals. */
    private static JsonNode readJson(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(JsonError.describe(file.toString(), e, "a JSON object"), e);
        }
    }

    private static VocabData withTokenizerConfig(VocabData v, Path config) throws IOException {
        if (!Files.exists(config)) return v;
        JsonNode c = readJson(config);
        int bos = idOf(v, c.path("bos_token")), eos = idOf(v, c.path("eos_token")), pad = idOf(v, c.path("pad_token"));
        Boolean addBos = c.has("add_bos_token") ? c.path("add_bos_token").asBoolean() : null;
        Boolean addEos = c.has("add_eos_token") ? c.path("add_eos_token").asBoolean() : null;
        return v.withSpecialIds(bos, eos, v.unk(), pad).withFlags(addBos, addEos, v.addSpacePrefix());
    }

    private static int idOf(VocabData v, JsonNode token) {
        String text = token.isTextual() ? token.asText() : token.path("content").asText(null);
        return text == null ? -1 : v.tokens().indexOf(text);
    }

    /**
     * llama2.c's tokenizer file: int32 max_token_length, then per token float32 score, int32 length, UTF-8
     * bytes. Ids 0..2 are {@code <unk>}, {@code <s>}, {@code </s>} (stored with newlines around them, dropped
     * here); byte tokens are {@code <0xNN>}; a space in a piece is SentencePiece's ▁.
     *
     * @param tokBin    the tokenizer file
     * @param vocabSize the number of tokens, which the file does not store (the model's header does)
     * @return a "llama" vocabulary: BOS 1, EOS 2, unknown 0, BOS added, space prefix on
     * @throws IOException when the file cannot be read or is too short for {@code vocabSize} tokens
     */
    public static VocabData fromLlama2cTokenizer(Path tokBin, int vocabSize) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(tokBin)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 4) throw new IOException(tokBin + ": " + buf.remaining() + " bytes, too short for a llama2.c tokenizer");
        buf.getInt(); // max_token_length
        // each token takes at least 8 bytes (score, length): bound the claimed size before allocating for it
        if (vocabSize < 1 || vocabSize > buf.remaining() / 8) {
            throw new IOException(tokBin + ": vocabulary size " + vocabSize + " does not fit the " + buf.remaining() + " bytes of the file");
        }
        List<String> tokens = new ArrayList<>(vocabSize);
        float[] scores = new float[vocabSize];
        int[] types = new int[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            if (buf.remaining() < 8) throw new IOException(tokBin + ": ends after " + i + " of " + vocabSize + " tokens");
            scores[i] = buf.getFloat();
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining()) throw new IOException(tokBin + ": bad length " + len + " for token " + i);
            byte[] b = new byte[len];
            buf.get(b);
            String text = new String(b, StandardCharsets.UTF_8);
            if (i <= 2) {
                text = text.strip();
                types[i] = i == 0 ? TokenType.UNKNOWN : TokenType.CONTROL;
            } else if (text.matches("<0x[0-9A-F]{2}>")) {
                types[i] = TokenType.BYTE;
            } else {
                types[i] = TokenType.NORMAL;
                text = text.replace(" ", SPM_SPACE);
            }
            tokens.add(text);
        }
        return new VocabData("llama", "default", tokens, scores, types, List.of(), 1, 2, 0, -1, true, false, true, null);
    }

    /**
     * {@return the vocabulary of an existing GGUF (model or vocab-only)}
     *
     * @param gguf the file
     * @throws IOException as {@link VocabLoader#fromGguf(Path)}
     */
    public static VocabData fromGguf(Path gguf) throws IOException {
        return VocabLoader.fromGguf(gguf);
    }

    /** vocab.json-style map (text → id) to a list by id; ids must be 0..n-1 without gaps. */
    private static List<String> denseTokens(JsonNode vocab, String what) throws IOException {
        if (!vocab.isObject()) throw new IOException(what + " is not an object (token text -> id)");
        String[] byId = new String[vocab.size()];
        Iterator<Map.Entry<String, JsonNode>> it = vocab.fields();
        while (it.hasNext()) {
            var e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= byId.length || byId[id] != null) {
                throw new IOException(what + ": token ids are not 0.." + (byId.length - 1) + " without gaps (at '" + e.getKey() + "')");
            }
            byId[id] = e.getKey();
        }
        return List.of(byId);
    }
}
