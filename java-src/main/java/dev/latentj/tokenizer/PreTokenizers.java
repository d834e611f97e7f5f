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
                    "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-ώᾀ-ᾴᾶ-ᾼιῂ-ῄῆ-ῌῐ-ΐῖ-Ίῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤΩℨK-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+",
                    "\\s?[!-/:-~！-／：-～‘-‟　-。]+",
                    "\\s+$",
                    "[一-龥ࠀ-一가-퟿]+",
                    "\\p{N}+"));
            case "deepseek-coder" -> plain(regexes("[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[一-龥ࠀ-一가-퟿]+", "\\p{N}"));
            case "deepseek-v3", "hunyuan-dense", "joyai-llm" -> plain(regexes("\\p{N}{1,3}", "[一-龥\u3040-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"));
            case "poro-chat", "bloom", "gpt3-finnish" -> plain(regexes(" ?[^(\\s|.,!?…。，、।۔،)]+"));
            case "viking" -> plain(regexes(" ?[^(\\s|.,!?…。，、।۔،)]+", "\\p{N}"));
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
