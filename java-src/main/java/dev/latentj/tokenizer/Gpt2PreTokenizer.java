package dev.latentj.tokenizer;

import static dev.latentj.tokenizer.UnicodeProps.LETTER;
import static dev.latentj.tokenizer.UnicodeProps.NUMBER;
import static dev.latentj.tokenizer.UnicodeProps.WHITESPACE;

/**
 * GPT-2's pre-tokenizer, hand-written (like llama.cpp's {@code unicode_regex_split_custom_gpt2}) for:
 * <pre>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</pre>
 * Unlike llama.cpp, unassigned code points count as {@code [^\s\p{L}\p{N}]}, as they do for the regex.
 */
record Gpt2PreTokenizer() implements PreTokenizer {

    @Override
    public void split(String text, int start, int end, IntList ends) {
        int pos = start;
        while (pos < end) {
            int cp = text.codePointAt(pos);
            // 's|'t|'re|'ve|'m|'ll|'d (case-sensitive)
            if (cp == '\'' && pos + 1 < end) {
                char n = text.charAt(pos + 1);
                if (n == 's' || n == 't' || n == 'm' || n == 'd') {
                    ends.add(pos += 2);
                    continue;
                }
                if (pos + 2 < end) {
                    char n2 = text.charAt(pos + 2);
                    if ((n == 'r' && n2 == 'e') || (n == 'v' && n2 == 'e') || (n == 'l' && n2 == 'l')) {
                        ends.add(pos += 3);
                        continue;
                    }
                }
            }
            // optional leading space, then a run of one class
            int p = pos;
            int c = cp;
            if (cp == ' ' && pos + 1 < end) {
                p = pos + 1;
                c = text.codePointAt(p);
            }
            int f = UnicodeProps.flags(c);
            if ((f & WHITESPACE) == 0 && (p > pos || cp != ' ')) {
                int cls = (f & LETTER) != 0 ? LETTER : (f & NUMBER) != 0 ? NUMBER : 0;
                p += Character.charCount(c);
                while (p < end) {
                    int c2 = text.codePointAt(p);
                    if (classOf(UnicodeProps.flags(c2)) != cls) break;
                    p += Character.charCount(c2);
                }
                ends.add(pos = p);
                continue;
            }
            // whitespace run: \s+(?!\S) leaves the last one to prefix the next word; \s+ at the end
            int q = pos;
            while (q < end && UnicodeProps.isWhitespace(text.charAt(q))) q++;
            if (q - pos > 1 && q < end) q--;
            ends.add(pos = Math.max(q, pos + Character.charCount(cp))); // max: never stall
        }
    }

    /** LETTER, NUMBER, 0 for "other" ([^\s\p{L}\p{N}]), -1 for whitespace. */
    private static int classOf(int f) {
        if ((f & WHITESPACE) != 0) return -1;
        if ((f & LETTER) != 0) return LETTER;
        if ((f & NUMBER) != 0) return NUMBER;
        return 0;
    }
}
