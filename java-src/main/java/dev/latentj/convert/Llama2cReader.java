package dev.latentj.convert;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a llama2.c legacy (version 0) checkpoint such as {@code stories260K.bin}: a 7-int32 header, then
 * fp32 arrays in a fixed order. Tensors are zero-copy slices of the mapped file, split per layer and named
 * as llama.cpp does. q/k are NOT permuted: llama2.c already uses ggml's normal (interleaved-pair) RoPE,
 * the layout llama.cpp's convert-llama2c-to-ggml copies through unchanged.
 * <p>The file size must be exactly what the header implies, with or without the (unused) freq_cis tables.
 */
public final class Llama2cReader {
    private static final int HEADER_BYTES = 7 * 4;
    private static final int MAGIC_AK42 = 0x616b3432; // "ak42": llama2.c's versioned exports, not handled here

    private Llama2cReader() {}

    /**
     * Reads a checkpoint whose mapping the GC frees once no tensor refers to it.
     *
     * @param file a llama2.c .bin
     * @return the header and the tensors
     * @throws IOException when the file cannot be mapped, its header is invalid or a versioned export, or its size
     *                     is not what the header implies
     */
    public static Llama2cModel read(Path file) throws IOException {
        return read(file, Arena.ofAuto());
    }

    /**
     * Reads a checkpoint into a mapping that {@code arena} owns.
     *
     * @param file  a llama2.c .bin
     * @param arena owns the mapping; the tensors stay valid while it is open
     * @return the header and the tensors
     * @throws IOException when the file cannot be mapped, its header is invalid or a versioned export, or its size
     *                     is not what the header implies
     */
    public static Llama2cModel read(Path file, Arena arena) throws IOException {
        MemorySegment f = MappedFile.map(file, arena);
        String where = file.getFileName().toString();
        Llama2cConfig c = header(f, where);
        Layout layout = Layout.of(c, f.byteSize(), where);

        Map<String, SourceTensor> t = new LinkedHashMap<>();
        Cursor cur = new Cursor(f, HEADER_BYTES);
        long v = c.vocabSize(), d = c.dim(), h = c.hiddenDim(), kv = c.kvDim();
        put(t, "token_embd.weight", cur.take(v * d), v, d);
        MemorySegment rmsAtt = cur.take(c.nLayers() * d), wq = cur.take(c.nLayers() * d * d),
                wk = cur.take(c.nLayers() * kv * d), wv = cur.take(c.nLayers() * kv * d), wo = cur.take(c.nLayers() * d * d),
                rmsFfn = cur.take(c.nLayers() * d), w1 = cur.take(c.nLayers() * h * d), w2 = cur.take(c.nLayers() * d * h),
                w3 = cur.take(c.nLayers() * h * d);
        for (int l = 0; l < c.nLayers(); l++) {
            String b = "blk." + l + ".";
            put(t, b + "attn_norm.weight", layer(rmsAtt, l, d), d);
            put(t, b + "attn_q.weight", layer(wq, l, d * d), d, d);
            put(t, b + "attn_k.weight", layer(wk, l, kv * d), kv, d);
            put(t, b + "attn_v.weight", layer(wv, l, kv * d), kv, d);
            put(t, b + "attn_output.weight", layer(wo, l, d * d), d, d);
            put(t, b + "ffn_norm.weight", layer(rmsFfn, l, d), d);
            put(t, b + "ffn_gate.weight", layer(w1, l, h * d), h, d);
            put(t, b + "ffn_down.weight", layer(w2, l, d * h), d, h);
            put(t, b + "ffn_up.weight", layer(w3, l, h * d), h, d);
        }
        put(t, "output_norm.weight", cur.take(d), d);
        if (layout.freqCis()) cur.take(layout.freqCisFloats()); // RoPE tables: recomputed by ggml
        if (!c.sharedClassifier()) put(t, "output.weight", cur.take(v * d), v, d);
        return new Llama2cModel(c, t);
    }

    private static Llama2cConfig header(MemorySegment f, String where) throws CheckpointFormatException {
        if (f.byteSize() < HEADER_BYTES) {
            throw new CheckpointFormatException(where + ": " + f.byteSize() + " bytes, shorter than the 28-byte llama2.c header");
        }
        int[] h = new int[7];
        for (int i = 0; i < 7; i++) h[i] = LittleEndian.i32(f, 4L * i, "llama2.c header");
        if (h[0] == MAGIC_AK42) {
            throw new CheckpointFormatException(where + ": llama2.c versioned export (magic ak42, version " + h[1]
                    + "); only the legacy version-0 format is supported");
        }
        if (h[5] == Integer.MIN_VALUE) throw new CheckpointFormatException(where + ": vocab_size " + h[5] + " out of range");
        try {
            return new Llama2cConfig(h[0], h[1], h[2], h[3], h[4], Math.abs(h[5]), h[6], h[5] > 0);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(where + ": bad llama2.c header (" + Llama2cConfig.describe(h) + "): " + e.getMessage());
        }
    }

    /** Which of the accepted layouts the file size matches; the arithmetic is overflow-checked. */
    private record Layout(boolean freqCis, long freqCisFloats) {
        static Layout of(Llama2cConfig c, long fileSize, String where) throws CheckpointFormatException {
            long withoutFreq, freq;
            try {
                long d = c.dim(), h = c.hiddenDim(), kv = c.kvDim(), l = c.nLayers(), v = c.vocabSize();
                long perLayer = Math.addExact(Math.addExact(2 * d, Math.multiplyExact(2 * d, d)),
                        Math.addExact(Math.multiplyExact(2 * kv, d), Math.multiplyExact(3 * h, d)));
                long floats = Math.addExact(Math.multiplyExact(l, perLayer), d);
                floats = Math.addExact(floats, Math.multiplyExact(c.sharedClassifier() ? 1 : 2, Math.multiplyExact(v, d)));
                freq = Math.multiplyExact((long) c.seqLen(), c.headSize()); // real + imag, [seq_len, head_size/2] each
                withoutFreq = Math.addExact(HEADER_BYTES, Math.multiplyExact(floats, 4));
                long withFreq = Math.addExact(withoutFreq, Math.multiplyExact(freq, 4));
                if (fileSize == withFreq) return new Layout(true, freq);
                if (fileSize == withoutFreq) return new Layout(false, 0);
                throw new CheckpointFormatException(where + ": file has " + fileSize + " bytes but the header implies " + withFreq
                        + " (or " + withoutFreq + " without freq_cis tables)" + (fileSize < withoutFreq ? ": truncated?" : ""));
            } catch (ArithmeticException e) {
                throw new CheckpointFormatException(where + ": header sizes overflow: " + c);
            }
        }
    }

    private static MemorySegment layer(MemorySegment all, int l, long floatsPerLayer) {
        return all.asSlice(l * floatsPerLayer * 4, floatsPerLayer * 4);
    }

    private static void put(Map<String, SourceTensor> t, String name, MemorySegment data, long... shape) {
        t.put(name, new SourceTensor(name, SourceTensor.DType.F32, shape, data));
    }

    /** Sequential reader over the fp32 arrays (sizes were validated against the file size up front). */
    private static final class Cursor {
        private final MemorySegment f;
        private long pos;

        Cursor(MemorySegment f, long pos) {
            this.f = f;
            this.pos = pos;
        }

        MemorySegment take(long floats) {
            MemorySegment s = f.asSlice(pos, floats * 4);
            pos += floats * 4;
            return s;
        }
    }
}
