package dev.latentj.tokenizer;

/**
 * Per-code-point category flags used by the pre-tokenizers, from the JDK's Unicode tables.
 * {@code \s} is the Unicode White_Space property (as in the Rust/Oniguruma regexes HF tokenizers uses),
 * not {@link Character#isWhitespace}, which leaves out U+00A0/U+2007/U+202F and adds U+001C..U+001F.
 */
final class UnicodeProps {
    static final int LETTER = 1, NUMBER = 2, WHITESPACE = 4, MARK = 8, PUNCT = 16, SYMBOL = 32;

    private static final byte[] FLAGS = build();

    private UnicodeProps() {}

    static int flags(int cp) {
        return FLAGS[cp];
    }

    static boolean isLetter(int cp) { return (FLAGS[cp] & LETTER) != 0; }
    static boolean isNumber(int cp) { return (FLAGS[cp] & NUMBER) != 0; }
    static boolean isWhitespace(int cp) { return (FLAGS[cp] & WHITESPACE) != 0; }

    private static byte[] build() {
        byte[] f = new byte[Character.MAX_CODE_POINT + 1];
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int flag = switch (Character.getType(cp)) {
                case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                     Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
                case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
                case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> MARK;
                case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                     Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                     Character.OTHER_PUNCTUATION -> PUNCT;
                case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                     Character.OTHER_SYMBOL -> SYMBOL;
                default -> 0;
            };
            f[cp] = (byte) flag;
        }
        int[] ws = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
                0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
        for (int cp : ws) f[cp] |= WHITESPACE;
        return f;
    }
}
