package dev.latentj.convert;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Bounds-checked little-endian reads from a mapped file; out-of-range reads become format errors. */
final class LittleEndian {
    private LittleEndian() {}

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static void need(MemorySegment s, long offset, long bytes, String what) throws CheckpointFormatException {
        if (offset < 0 || bytes < 0 || offset > s.byteSize() - bytes) {
            throw new CheckpointFormatException("truncated " + what + ": needs bytes [" + offset + ", " + offset + "+" + bytes
                    + ") of " + s.byteSize());
        }
    }

    static int u8(MemorySegment s, long off, String what) throws CheckpointFormatException {
        need(s, off, 1, what);
        return s.get(ValueLayout.JAVA_BYTE, off) & 0xff;
    }

    static int u16(MemorySegment s, long off, String what) throws CheckpointFormatException {
        need(s, off, 2, what);
        return s.get(U16, off) & 0xffff;
    }

    static int i32(MemorySegment s, long off, String what) throws CheckpointFormatException {
        need(s, off, 4, what);
        return s.get(I32, off);
    }

    static long u32(MemorySegment s, long off, String what) throws CheckpointFormatException {
        return i32(s, off, what) & 0xffffffffL;
    }

    static long i64(MemorySegment s, long off, String what) throws CheckpointFormatException {
        need(s, off, 8, what);
        return s.get(I64, off);
    }

    static float f32(MemorySegment s, long off, String what) throws CheckpointFormatException {
        need(s, off, 4, what);
        return s.get(F32, off);
    }
}
