package dev.latentj.engine;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufTensorInfo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Rejects weights that are NaN or infinite, which would otherwise turn every output into silent garbage.
 * F32, F16 and BF16 tensors are scanned whole; Q4_0, Q4_1, Q5_0, Q5_1 and Q8_0 have their F16 block scales
 * scanned (a non-finite scale poisons the block; the quantized values themselves are integers). Other
 * quantized types are not scanned: a NaN there is caught at inference ({@link Session#logits}).
 * Cost: one sequential read of the weights (about 0.1 s per GB here), done once per load.
 */
final class WeightScan {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    // exponent all ones = Inf or NaN, tested on 4 halves / 2 floats of one long at once
    private static final long F16_EXP = 0x7C007C007C007C00L;
    private static final long BF16_EXP = 0x7F807F807F807F80L;
    private static final long F32_EXP = 0x7F8000007F800000L;

    private WeightScan() {}

    static void check(GgufFile f) throws GgufException {
        for (GgufTensorInfo t : f.tensors()) {
            MemorySegment d = f.tensorData(t);
            long bad = switch (t.type()) {
                case F32 -> scan(d, 4, F32_EXP, 0x7F800000L);
                case F16 -> scan(d, 2, F16_EXP, 0x7C00L);
                case BF16 -> scan(d, 2, BF16_EXP, 0x7F80L);
                case Q4_0, Q5_0, Q8_0 -> scales(d, t.type(), false);
                case Q4_1, Q5_1 -> scales(d, t.type(), true);
                default -> -1;
            };
            if (bad >= 0) {
                throw new GgufException("tensor '" + t.name() + "' has a non-finite value (NaN or Inf) at element " + bad);
            }
        }
    }

    /** Index of the first element whose exponent bits are all ones, or -1. */
    private static long scan(MemorySegment d, int elemBytes, long maskLong, long mask) {
        long n = d.byteSize(), i = 0;
        int per = 8 / elemBytes;
        for (; i + 8 <= n; i += 8) {
            long v = d.get(U64, i);
            if (hasAllOnes(v, maskLong, elemBytes)) break;
        }
        for (; i + elemBytes <= n; i += elemBytes) {
            long v = elemBytes == 4 ? d.get(U32, i) & 0xffffffffL : d.get(U16, i) & 0xffffL;
            if ((v & mask) == mask) return i / elemBytes;
        }
        return -1;
    }

    private static boolean hasAllOnes(long v, long maskLong, int elemBytes) {
        long m = v & maskLong;
        int bits = elemBytes * 8;
        for (int s = 0; s < 64; s += bits) {
            long lane = (maskLong >>> s) & (bits == 64 ? -1L : (1L << bits) - 1);
            if (((m >>> s) & lane) == lane) return true;
        }
        return false;
    }

    /** Index of the first element of a block whose F16 scale (and min, for the _1 types) is not finite, or -1. */
    private static long scales(MemorySegment d, GgmlType type, boolean withMin) {
        long block = type.typeSize();
        for (long off = 0; off + block <= d.byteSize(); off += block) {
            if ((d.get(U16, off) & 0x7C00) == 0x7C00 || (withMin && (d.get(U16, off + 2) & 0x7C00) == 0x7C00)) {
                return off / block * type.blockSize();
            }
        }
        return -1;
    }
}
