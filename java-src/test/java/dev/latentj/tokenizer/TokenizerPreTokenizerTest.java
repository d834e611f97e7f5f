package dev.latentj.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hand-written pre-tokenizers against java.util.regex running the reference regexes from the models'
 * tokenizer.json (full backtracking semantics), on random strings built from the characters that matter:
 * contractions, digits of several scripts, whitespace of every kind, marks, emoji, Hangul, CJK, unassigned.
 */
class TokenizerPreTokenizerTest {
    static final String GPT2 = PreTokenizers.GPT2_REGEX + "|\\s+";
    static final String LLAMA3 =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2 =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN35 =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    static final String[] ATOMS = {"a", "Z", "é", "ß", "ſ", "'", "'s", "'S", "'re", "'LL", "'d", "'x", " ", "  ", "\t", "\n",
            "\r\n", "\u00A0", "\u2009", "\u3000", "\u0085", "\u000B", "\u001F", "1", "23", "4567", "٣", "½", "Ⅻ", "$", "€", "3.14",
            "1,000", ",", ".", "!", "?", "(", ")", "{", "}", "=", "->", "\u0301", "\u0915\u093F", "한국어", "안녕", "中文", "日本",
            "😀", "👍🏽", "🇺🇸", "\u200D", "\uE000", "\u0378", "\uD83D", "#", "_", "-", "Ǆ", "ǅ", "ʰ", "x86_64", "HTTP/1.1"};

    static List<String> randomStrings(long seed, int count) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(12);
            for (int k = 0; k < len; k++) sb.append(ATOMS[r.nextInt(ATOMS.length)]);
            out.add(sb.toString());
        }
        return out;
    }

    static List<String> pieces(PreTokenizer p, String s) {
        IntList ends = new IntList();
        p.split(s, 0, s.length(), ends);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < ends.size(); i++) {
            out.add(s.substring(start, ends.get(i)));
            start = ends.get(i);
        }
        return out;
    }

    static void check(PreTokenizer hand, String regex) {
        PreTokenizer ref = RegexPreTokenizer.of(regex);
        for (String s : randomStrings(regex.hashCode(), 20000)) {
            assertEquals(pieces(ref, s), pieces(hand, s), () -> "input " + VocabSurvey.escape(s));
        }
    }

    @Test
    void gpt2MatchesRegex() {
        check(new Gpt2PreTokenizer(), GPT2);
    }

    @Test
    void llama3MatchesRegex() {
        check(Llama3PreTokenizer.llama3(), LLAMA3);
    }

    @Test
    void qwen2MatchesRegex() {
        check(Llama3PreTokenizer.qwen2(), QWEN2);
    }

    @Test
    void qwen35MatchesRegex() {
        check(Llama3PreTokenizer.qwen35(), QWEN35);
    }

    @Test
    void llama3SplitsDigitsInThrees() {
        assertEquals(List.of("123", "456", "7", " apples"), pieces(Llama3PreTokenizer.llama3(), "1234567 apples"));
        assertEquals(List.of("1", "2", "3"), pieces(Llama3PreTokenizer.qwen2(), "123"));
    }
}
