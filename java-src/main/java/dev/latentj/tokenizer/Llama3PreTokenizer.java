package dev.latentj.tokenizer;

import static dev.latentj.tokenizer.UnicodeProps.LETTER;
import static dev.latentj.tokenizer.UnicodeProps.MARK;
import static dev.latentj.tokenizer.UnicodeProps.NUMBER;
import static dev.latentj.tokenizer.UnicodeProps.WHITESPACE;

/**
 * The Llama 3 family of pre-tokenizers, hand-written for speed (like llama.cpp's
 * {@code unicode_regex_split_custom_llama3/qwen2/qwen35}):
 * <pre>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</pre>
 * Qwen2 takes digits one at a time ({@code \p{N}}); Qwen3.5 also lets letter runs hold marks
 * ({@code [\p{L}\p{M}]+}, and {@code [^\s\p{L}\p{M}\p{N}]+} for the symbol run).
 *
 * @param maxDigits    digits per number piece: 3 for Llama 3, 1 for Qwen2
 * @param marksInWords whether letter runs include \p{M} (Qwen3.5)
 */
record Llama3PreTokenizer(int maxDigits, boolean marksInWords) implements PreTokenizer {

    static Llama3PreTokenizer llama3() { return new Llama3PreTokenizer(3, false); }
    static Llama3PreTokenizer qwen2() { return new Llama3PreTokenizer(1, false); }
    static Llama3PreTokenizer qwen35() { return new Llama3PreTokenizer(1, true); }

    @Override
    public void split(String text, int start, int end, IntList ends) {
        final int word = marksInWords ? LETTER | MARK : LETTER;
        final int notOther = word | NUMBER | WHITESPACE;
        int pos = start;
        while (pos < end) {
            int cp = text.codePointAt(pos);
            int len = Character.charCount(cp);
            int f = UnicodeProps.flags(cp);
            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if (cp == '\'' && pos + 1 < end) {
                int n = lower(text.charAt(pos + 1));
                if (n == 's' || n == 't' || n == 'm' || n == 'd') {
                    ends.add(pos += 2);
                    continue;
                }
                if (pos + 2 < end) {
                    int n2 = lower(text.charAt(pos + 2));
                    if ((n == 'r' && n2 == 'e') || (n == 'v' && n2 == 'e') || (n == 'l' && n2 == 'l')) {
                        ends.add(pos += 3);
                        continue;
                    }
                }
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if ((f & word) != 0) {
                ends.add(pos = runOf(text, pos + len, end, word));
                continue;
            }
            if (cp != '\r' && cp != '\n' && (f & (LETTER | NUMBER)) == 0 && pos + len < end
                    && (UnicodeProps.flags(text.codePointAt(pos + len)) & word) != 0) {
                ends.add(pos = runOf(text, pos + len, end, word));
                continue;
            }
            // \p{N}{1,maxDigits}
            if ((f & NUMBER) != 0) {
                int p = pos + len;
                for (int k = 1; k < maxDigits && p < end; k++) {
                    int c2 = text.codePointAt(p);
                    if ((UnicodeProps.flags(c2) & NUMBER) == 0) break;
                    p += Character.charCount(c2);
                }
                ends.add(pos = p);
                continue;
            }
            // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
            int p = pos;
            int g = f;
            if (cp == ' ' && pos + 1 < end) {
                p = pos + 1;
                g = UnicodeProps.flags(text.codePointAt(p));
            }
            if ((g & notOther) == 0) {
                while (p < end) {
                    int c2 = text.codePointAt(p);
                    if ((UnicodeProps.flags(c2) & notOther) != 0) break;
                    p += Character.charCount(c2);
                }
                while (p < end && (text.charAt(p) == '\r' || text.charAt(p) == '\n')) p++;
                ends.add(pos = p);
                continue;
            }
            // \s*[\r\n]+ | \s+(?!\S) | \s+
            int q = pos;
            int lastNewline = -1;
            while (q < end) {
                char c = text.charAt(q);
                if (!UnicodeProps.isWhitespace(c)) break;
                if (c == '\r' || c == '\n') lastNewline = q;
                q++;
            }
            if (lastNewline >= 0) {
                q = lastNewline + 1;
            } else if (q - pos > 1 && q < end) {
                q--;
            }
            ends.add(pos = Math.max(q, pos + len)); // max: never stall, whatever the tables say
        }
    }

    private static int runOf(String text, int p, int end, int mask) {
        while (p < end) {
            int c = text.codePointAt(p);
            if ((UnicodeProps.flags(c) & mask) == 0) break;
            p += Character.charCount(c);
        }
        return p;
    }

    /** Simple case folding for the contraction letters; U+017F (long s) folds to 's' as well. */
    private static int lower(char c) {
        if (c >= 'A' && c <= 'Z') return c + 32;
        if (c == '\u017F') return 's';
        return c;
    }
}
