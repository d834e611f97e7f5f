package dev.latentj.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes tokens one at a time. A UTF-8 character split over several tokens (common for emoji and CJK in
 * byte-level vocabularies) is held back until complete, so every returned string is whole text; bytes that
 * can never form a character come out as U+FFFD at once.
 */
public final class StreamingDecoder {
    private final BaseTokenizer tok;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int index;       // tokens pushed so far
    private boolean afterBos;

    StreamingDecoder(BaseTokenizer tok) {
        this.tok = tok;
    }

    /**
     * Adds one token.
     *
     * @param id the next token of the sequence
     * @return the text that is now complete, possibly empty
     * @throws IllegalArgumentException when {@code id} is outside the vocabulary
     */
    public String push(int id) {
        byte[] piece = tok.pieceForDecode(id, false, index == 0 || (index == 1 && afterBos));
        if (index == 0) afterBos = id == tok.bos();
        index++;
        pending.writeBytes(piece);
        byte[] buf = pending.toByteArray();
        int cut = completePrefix(buf);
        pending.reset();
        pending.write(buf, cut, buf.length - cut);
        return new String(buf, 0, cut, StandardCharsets.UTF_8);
    }

    /**
     * Ends the sequence: the next {@link #push} starts a new one.
     *
     * @return whatever was held back, with an incomplete character as U+FFFD
     */
    public String flush() {
        String s = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        index = 0;
        afterBos = false;
        return s;
    }

    /** Length of the longest prefix that does not end inside a possibly still incomplete character. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        // look back at most 3 bytes for the lead byte of the last character
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) continue; // continuation byte: keep looking
            int need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
