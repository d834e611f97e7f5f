package dev.latentj.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian reads from a segment with a bounds check before every read, so a truncated or lying file
 * ends in a {@link GgufException} naming the byte offset and what was being read ({@link #context}).
 */
final class ByteCursor {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment seg;
    private final long size;
    private long pos;
    /** What is being read, for error messages ("key of KV #3"). */
    String context = "header";

    ByteCursor(MemorySegment seg) {
        this.seg = seg;
        this.size = seg.byteSize();
    }

    long pos() { return pos; }

    long remaining() { return size - pos; }

    long size() { return size; }

    GgufException error(String problem) {
        return new GgufException(problem + " (at byte " + pos + " while reading " + context + ")");
    }

    private void need(long n) throws GgufException {
        if (n > size - pos) {
            throw new GgufException("truncated at byte " + size + " while reading " + context
                    + " (needs " + n + " bytes at byte " + pos + ")");
        }
    }

    byte u8() throws GgufException {
        need(1);
        return seg.get(ValueLayout.JAVA_BYTE, pos++);
    }

    short u16() throws GgufException {
        need(2);
        short v = seg.get(I16, pos);
        pos += 2;
        return v;
    }

    int u32() throws GgufException {
        need(4);
        int v = seg.get(I32, pos);
        pos += 4;
        return v;
    }

    long u64() throws GgufException {
        need(8);
        long v = seg.get(I64, pos);
        pos += 8;
        return v;
    }

    /** A u64 count or length that must be backed by at least {@code minBytesEach} bytes per unit left in the file. */
    long count(String what, long minBytesEach) throws GgufException {
        long start = pos;
        long n = u64();
        long max = minBytesEach == 0 ? Long.MAX_VALUE : remaining() / minBytesEach;
        if (n < 0 || n > max) {
            throw new GgufException(what + " " + Long.toUnsignedString(n) + " at byte " + start + " exceeds the "
                    + remaining() + " bytes left in the file (while reading " + context + ")");
        }
        return n;
    }

    byte[] bytes(long n) throws GgufException {
        need(n);
        byte[] b = seg.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return b;
    }

    /** A GGUF string: u64 length then bytes. Strict UTF-8 for names; lenient (U+FFFD) for values. */
    String string(boolean strict) throws GgufException {
        long start = pos;
        long len = count("string length", 1);
        byte[] b = bytes(len);
        if (!strict) return new String(b, StandardCharsets.UTF_8);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new GgufException("invalid UTF-8 in " + context + " at byte " + start);
        }
    }

    void seek(long p) throws GgufException {
        if (p < 0 || p > size) throw new GgufException("offset " + p + " outside the file (" + size + " bytes)");
        pos = p;
    }
}
