package dev.latentj.tokenizer;

/**
 * GPT-2's reversible map between bytes and printable code points: byte-level BPE vocabularies store
 * every token as a string of these code points, one per byte (e.g. a space is {@code Ġ}, U+0120).
 */
public final class ByteUnicode {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final short[] CHAR_TO_BYTE = new short[324];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + n++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteUnicode() {}

    /**
     * {@return the code point that stands for byte {@code b}}
     *
     * @param b a byte; only its low 8 bits count, so a signed byte works as well
     */
    public static char encode(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /**
     * {@return the byte-level BPE string of {@code bytes}, one code point per byte}
     *
     * @param bytes raw bytes, e.g. UTF-8 text
     */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        return new String(out);
    }

    /**
     * {@return the byte that code point {@code c} stands for, or -1 if {@code c} is not in the map}
     *
     * @param c a code point
     */
    public static int decode(int c) {
        return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /**
     * Decodes a byte-level token string to its raw bytes. Code points outside the map (never seen in
     * well-formed vocabularies) are kept as their UTF-8 encoding.
     *
     * @param token a token's text as a byte-level vocabulary stores it (e.g. {@code Ġthe})
     * @return the raw bytes ({@code " the"})
     */
    public static byte[] decode(String token) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            i += Character.charCount(cp);
            int b = decode(cp);
            if (b >= 0) {
                out.write(b);
            } else {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
