package dev.latentj.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates GGUF byte images, valid and malformed, for the reader's validation tests and for fuzzing/hardening.
 * Each {@link Case} carries the fragment the reader's error message must contain.
 */
public final class MalformedGguf {
    private MalformedGguf() {}

    /** A malformed file and the text its error must contain. */
    public record Case(String name, byte[] bytes, String expectedMessage) {
        @Override
        public String toString() { return name; }
    }

    /** Raw little-endian builder that writes whatever it is told, including lies. */
    public static final class Raw {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Raw u8(int v) { out.write(v); return this; }
        public Raw u32(long v) { return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array()); }
        public Raw u64(long v) { return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array()); }
        public Raw f32(float v) { return u32(Float.floatToRawIntBits(v)); }
        public Raw put(byte[] b) { out.write(b, 0, b.length); return this; }
        public Raw str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u64(b.length).put(b);
        }
        public Raw header(long version, long nTensors, long nKv) { return put("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(version).u64(nTensors).u64(nKv); }
        public Raw kvU32(String key, long v) { return str(key).u32(4).u32(v); }
        public Raw kvString(String key, String v) { return str(key).u32(8).str(v); }
        /** Tensor info: name, dims, ggml type id, offset. */
        public Raw tensor(String name, long[] ne, int type, long offset) {
            str(name).u32(ne.length);
            for (long d : ne) u64(d);
            return u32(type).u64(offset);
        }
        public Raw padTo(int alignment) {
            while (out.size() % alignment != 0) out.write(0);
            return this;
        }
        public Raw zeros(int n) { return put(new byte[n]); }
        public int size() { return out.size(); }
        public byte[] bytes() { return out.toByteArray(); }
    }

    /** A small valid file: 2 KVs, two F32 tensors [4] and [8,2] at offsets 0 and 32. */
    public static byte[] valid() {
        return new Raw().header(3, 2, 2)
                .kvString("general.architecture", "test")
                .kvU32("test.block_count", 1)
                .tensor("a", new long[] {4}, 0, 0)
                .tensor("b", new long[] {8, 2}, 0, 32)
                .padTo(32).zeros(32 + 64).bytes();
    }

    private static Raw oneTensor(long[] ne, int type, long offset, int dataBytes) {
        return new Raw().header(3, 1, 0).tensor("t", ne, type, offset).padTo(32).zeros(dataBytes);
    }

    public static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        byte[] v = valid();
        byte[] badMagic = v.clone();
        badMagic[0] = 'X';
        cs.add(new Case("bad magic", badMagic, "bad magic 0x58475546: not a GGUF file"));
        cs.add(new Case("version 1", new Raw().header(1, 0, 0).bytes(), "unsupported GGUF version 1"));
        cs.add(new Case("version 4", new Raw().header(4, 0, 0).bytes(), "unsupported GGUF version 4"));
        cs.add(new Case("empty file", new byte[0], "truncated at byte 0 while reading magic"));
        cs.add(new Case("huge n_tensors", new Raw().header(3, Long.MAX_VALUE, 0).bytes(), "tensor count"));
        cs.add(new Case("n_tensors negative as i64", new Raw().header(3, -1, 0).bytes(), "tensor count 18446744073709551615"));
        cs.add(new Case("huge n_kv", new Raw().header(3, 0, 1L << 40).bytes(), "KV count 1099511627776 exceeds"));
        cs.add(new Case("huge key length", new Raw().header(3, 0, 1).u64(Long.MAX_VALUE).zeros(16).bytes(),
                "string length 9223372036854775807 at byte 24 exceeds"));
        cs.add(new Case("huge string value length", new Raw().header(3, 0, 1).str("k").u32(8).u64(1L << 62).zeros(16).bytes(),
                "string length 4611686018427387904"));
        cs.add(new Case("huge array count", new Raw().header(3, 0, 1).str("k").u32(9).u32(5).u64(1L << 61).zeros(16).bytes(),
                "array count 2305843009213693952"));
        cs.add(new Case("huge string array count", new Raw().header(3, 0, 1).str("k").u32(9).u32(8).u64(1L << 40).zeros(16).bytes(),
                "array count 1099511627776"));
        cs.add(new Case("empty key", new Raw().header(3, 0, 1).str("").u32(4).u32(1).bytes(), "KV #0 has an empty key"));
        cs.add(new Case("invalid UTF-8 key", new Raw().header(3, 0, 1).u64(2).u8(0xc3).u8(0x28).u32(4).u32(1).bytes(),
                "invalid UTF-8 in key of KV #0"));
        cs.add(new Case("duplicate key", new Raw().header(3, 0, 2).kvU32("a.b", 1).kvU32("a.b", 2).bytes(), "duplicate key 'a.b'"));
        cs.add(new Case("unknown KV type", new Raw().header(3, 0, 1).str("k").u32(13).u32(0).bytes(),
                "KV 'k': unknown GGUF value type 13"));
        cs.add(new Case("unknown array element type", new Raw().header(3, 0, 1).str("k").u32(9).u32(99).u64(0).bytes(),
                "unknown GGUF value type 99"));
        cs.add(new Case("bad bool", new Raw().header(3, 0, 1).str("k").u32(7).u8(2).bytes(), "bool value 2 is neither 0 nor 1"));
        Raw deep = new Raw().header(3, 0, 1).str("k").u32(9);
        for (int i = 0; i < 10; i++) deep.u32(9).u64(1);
        cs.add(new Case("deeply nested arrays", deep.u32(4).u64(0).bytes(), "arrays nested deeper than"));
        cs.add(new Case("alignment 0", new Raw().header(3, 0, 1).kvU32("general.alignment", 0).bytes(),
                "general.alignment = 0 is not a nonzero power of two"));
        cs.add(new Case("alignment 48", new Raw().header(3, 0, 1).kvU32("general.alignment", 48).bytes(),
                "general.alignment = 48 is not a nonzero power of two"));
        cs.add(new Case("alignment wrong type", new Raw().header(3, 0, 1).kvString("general.alignment", "32").bytes(),
                "general.alignment must be UINT32"));
        cs.add(new Case("n_dims 0", oneTensor(new long[0], 0, 0, 32).bytes(), "tensor 't': n_dims 0 not in 1..4"));
        cs.add(new Case("n_dims 5", oneTensor(new long[] {1, 1, 1, 1, 1}, 0, 0, 32).bytes(), "tensor 't': n_dims 5 not in 1..4"));
        cs.add(new Case("ne 0", oneTensor(new long[] {4, 0}, 0, 0, 32).bytes(), "tensor 't': dimension 1 is 0"));
        cs.add(new Case("ne negative", oneTensor(new long[] {-4}, 0, 0, 32).bytes(), "tensor 't': dimension 0 is 18446744073709551612"));
        cs.add(new Case("ne overflow", oneTensor(new long[] {1L << 32, 1L << 32}, 0, 0, 32).bytes(), "overflows"));
        cs.add(new Case("byte size overflow", oneTensor(new long[] {1L << 61, 2}, 0, 0, 32).bytes(), "overflows"));
        cs.add(new Case("unknown ggml type", oneTensor(new long[] {4}, 31, 0, 32).bytes(), "tensor 't': unknown ggml type 31"));
        cs.add(new Case("partial block", oneTensor(new long[] {33}, 8, 0, 64).bytes(),
                "tensor 't': ne[0] = 33 is not a multiple of the Q8_0 block size 32"));
        cs.add(new Case("offset past end", oneTensor(new long[] {4}, 0, 4096, 32).bytes(),
                "tensor 't': data [4160, 4176) past end of file (96 bytes)"));
        cs.add(new Case("data past end", oneTensor(new long[] {100}, 0, 0, 32).bytes(), "past end of file"));
        cs.add(new Case("huge offset", oneTensor(new long[] {4}, 0, Long.MAX_VALUE - 31 - 32, 32).bytes(), "overflows"));
        cs.add(new Case("misaligned offset", oneTensor(new long[] {4}, 0, 8, 64).bytes(),
                "tensor 't': offset 8 is not a multiple of the alignment 32"));
        cs.add(new Case("overlapping tensors", new Raw().header(3, 2, 0)
                .tensor("a", new long[] {16}, 0, 0).tensor("b", new long[] {4}, 0, 32).padTo(32).zeros(128).bytes(),
                "tensors 'a' [0, 64) and 'b' [32, 48) overlap"));
        cs.add(new Case("duplicate tensor name", new Raw().header(3, 2, 0)
                .tensor("a", new long[] {4}, 0, 0).tensor("a", new long[] {4}, 0, 32).padTo(32).zeros(64).bytes(),
                "duplicate tensor name 'a'"));
        cs.add(new Case("empty tensor name", new Raw().header(3, 1, 0).tensor("", new long[] {4}, 0, 0).padTo(32).zeros(32).bytes(),
                "tensor #0 has an empty name"));
        cs.add(new Case("tensor name too long", new Raw().header(3, 1, 0).tensor("x".repeat(64), new long[] {4}, 0, 0).padTo(32).zeros(32).bytes(),
                "is longer than 63 bytes"));
        cs.add(new Case("data section missing", new Raw().header(3, 1, 0).tensor("t", new long[] {4}, 0, 0).bytes(),
                "past end of file"));
        return cs;
    }

    /** Every proper prefix of a valid file: each must fail cleanly. */
    public static List<byte[]> truncations(byte[] valid) {
        List<byte[]> out = new ArrayList<>();
        for (int n = 0; n < valid.length; n++) out.add(java.util.Arrays.copyOf(valid, n));
        return out;
    }
}
