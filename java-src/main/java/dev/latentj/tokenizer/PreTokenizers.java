package dev.latentj.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Maps {@code tokenizer.ggml.pre} names to pre-tokenizers and the per-type flags llama.cpp attaches to them
 * (llama-vocab.cpp, {@code LLAMA_VOCAB_PRE_TYPE_*}). Regexes are the originals from the models'
 * tokenizer.json where llama.cpp had to rewrite them for std::regex, since java.util.regex handles them.
 */
final class PreTokenizers {
    private PreTokenizers() {}

    /**
     * @param splitter      the word splitter
     * @param ignoreMerges  a word that is itself a token is emitted whole, without running merges (HF ignore_merges)
     * @param defaultAddBos add_bos when the GGUF does not say
     * @param noBos         the type has no BOS token (ChatGLM)
     */
    record Preset(PreTokenizer splitter, boolean ignoreMerges, boolean defaultAddBos, boolean noBos) {}

    static final String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
    private static final String CONTRACTIONS = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";

    private static final Set<String> GPT2 = Set.of("gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es",
            "jina-v2-de", "a.x-4.0", "mellum", "modern-bert", "jina-v1-en", "jina-v2-code", "roberta-bpe", "mpt", "olmo",
            "jais", "trillion", "granite-docling", "exaone4");
    private static final Set<String> LLAMA3 = Set.of("llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral",
            "midm-2.0", "lfm2", "jina-v5-nano");
    private static final Set<String> LLAMA3_REGEX_ONLY = Set.of("dbrx", "smaug-bpe", "glm4", "chatglm-bpe");
    private static final Set<String> QWEN2 = Set.of("qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2",
            "hunyuan", "solar-open", "grok-2");
    private static final Set<String> STARCODER = Set.of("starcoder", "refact", "command-r", "smollm", "codeshell", "exaone",
            "minerva-7b", "mellum2");

    static Preset forName(String pre) {
        String p = pre == null || pre.isEmpty() ? "default" : pre;
        if (GPT2.contains(p)) return plain(new Gpt2PreTokenizer());
        if (LLAMA3.contains(p)) return new Preset(Llama3PreTokenizer.llama3(), true, true, false);
        if (LLAMA3_REGEX_ONLY.contains(p)) {
            return new Preset(Llama3PreTokenizer.llama3(), false, false, p.equals("glm4") || p.equals("chatglm-bpe"));
        }
        if (QWEN2.contains(p)) return plain(Llama3PreTokenizer.qwen2());
        if (p.equals("qwen35")) return plain(Llama3PreTokenizer.qwen35());
        if (STARCODER.contains(p)) return plain(seq(RegexPreTokenizer.of("\\p{N}"), new Gpt2PreTokenizer()));
        return switch (p) {
            case "default" -> plain(regexes("[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2_REGEX, "\\p{N}+", "[0-9][0-9][0-9]"));
            case "falcon" -> plain(regexes("[\\p{P}\\$\\+<=>\\^~\\|`]+", GPT2_REGEX, "[0-9][0-9][0-9]"));
            case "deepseek-llm" -> plain(regexes("[\r\n]",
                    "\\s?[A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF\u0370-\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139\u213C-\u213F\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3\uA640-\uA66D\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17\uFF21-\uFF3A\uFF41-\uFF5A\uD801\uDC00-\uD801\uDC4F\uD801\uDCB0-\uD801\uDCD3\uD801\uDCD8-\uD801\uDCFB\uD803\uDC80-\uD803\uDCB2\uD803\uDCC0-\uD803\uDCF2\uD806\uDCA0-\uD806\uDCDF\uD83A\uDD00-\uD83A\uDD43]+",
                    "\\s?[!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+",
                    "\\s+$",
                    "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+",
                    "\\p{N}+"));
            case "deepseek-coder" -> plain(regexes("[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+", "\\p{N}"));
            case "deepseek-v3", "hunyuan-dense", "joyai-llm" -> plain(regexes("\\p{N}{1,3}", "[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"));
            case "poro-chat", "bloom", "gpt3-finnish" -> plain(regexes(" ?[^(\\s|.,!?\u2026\u3002\uFF0C\u3001\u0964\u06D4\u060C)]+"));
            case "viking" -> plain(regexes(" ?[^(\\s|.,!?\u2026\u3002\uFF0C\u3001\u0964\u06D4\u060C)]+", "\\p{N}"));
            case "tekken" -> new Preset(regexes(
                    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
                    true, true, false);
            case "gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2" -> plain(regexes(
                    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+" + CONTRACTIONS
                            + "?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*" + CONTRACTIONS
                            + "?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"));
            case "seed-coder" -> plain(regexes(CONTRACTIONS
                    + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"));
            case "bailingmoe", "bailingmoe2", "llada-moe" -> plain(regexes(
                    "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+"));
            case "exaone-moe" -> plain(regexes(CONTRACTIONS
                    + "|[^\\r\\n\\p{L}\\p{N}]?(?:\\p{L}\\p{M}*(?: \\p{L}\\p{M}*)*)+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]?|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+"));
            case "minicpm5" -> new Preset(regexes("\\p{N}{1,3}", CONTRACTIONS
                    + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}+| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
                    true, false, false);
            case "laguna" -> plain(seq(RegexPreTokenizer.of("[^\\n]+|[\\n]+"), Llama3PreTokenizer.qwen2()));
            case "chameleon" -> new Preset(regexes("<sentinel:[0-9]+>", "(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z",
                    "([\\t\\n]|    |  )", "\\p{N}", "[\\p{P}!-/:-@\\[-`{-~]", GPT2_REGEX), false, true, false);
            default -> throw new UnsupportedOperationException("pre-tokenizer '" + p + "' is not supported"
                    + " (supported: the GPT-2, Llama 3, Qwen2/3.5, StarCoder, DeepSeek, Falcon, Bloom, GPT-4o families)");
        };
    }

    static boolean isKnown(String pre) {
        try {
            forName(pre);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static Preset plain(PreTokenizer p) {
        return new Preset(p, false, false, false);
    }

    private static PreTokenizer seq(PreTokenizer... steps) {
        return new SequencePreTokenizer(List.of(steps));
    }

    /** One split step per regex; the GPT-2 regex uses the hand-written splitter (same result, faster). */
    private static PreTokenizer regexes(String... regexes) {
        List<PreTokenizer> steps = new ArrayList<>();
        for (String r : regexes) steps.add(r.equals(GPT2_REGEX) ? new Gpt2PreTokenizer() : RegexPreTokenizer.of(r));
        return steps.size() == 1 ? steps.get(0) : new SequencePreTokenizer(steps);
    }
}
