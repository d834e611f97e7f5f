package dev.latentj.convert;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.latentj.convert.LittleEndian.i64;
import static dev.latentj.convert.LittleEndian.need;
import static dev.latentj.convert.LittleEndian.u16;
import static dev.latentj.convert.LittleEndian.u32;

/**
 * Central-directory index of a zip held in a mapped segment, so STORED entries can be handed out as
 * zero-copy slices. {@code java.util.zip} would copy every tensor through an InputStream; torch.save
 * writes its storages uncompressed precisely so that they can be mapped. Zip64 is handled (big models).
 */
final class StoredZip {
    private static final int EOCD_SIG = 0x06054b50, ZIP64_LOCATOR_SIG = 0x07064b50, ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CENTRAL_SIG = 0x02014b50, LOCAL_SIG = 0x04034b50;
    private static final int CENTRAL_FIXED = 46, LOCAL_FIXED = 30, EOCD_FIXED = 22;

    private record Entry(String name, int method, int flags, long compressedSize, long size, long localHeader) {}

    private final MemorySegment file;
    private final Map<String, Entry> entries;

    private StoredZip(MemorySegment file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static StoredZip open(MemorySegment file) throws CheckpointFormatException {
        long eocd = findEndOfCentralDirectory(file);
        long count = u16(file, eocd + 10, "zip end record");
        long cdSize = u32(file, eocd + 12, "zip end record");
        long cdOffset = u32(file, eocd + 16, "zip end record");
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            long loc = eocd - 20;
            if (loc < 0 || LittleEndian.i32(file, loc, "zip64 locator") != ZIP64_LOCATOR_SIG) {
                throw new CheckpointFormatException("zip end record has zip64 markers but no zip64 locator");
            }
            long z = i64(file, loc + 8, "zip64 locator");
            if (LittleEndian.i32(file, z, "zip64 end record") != ZIP64_EOCD_SIG) {
                throw new CheckpointFormatException("zip64 end record not found at " + z);
            }
            count = i64(file, z + 32, "zip64 end record");
            cdSize = i64(file, z + 40, "zip64 end record");
            cdOffset = i64(file, z + 48, "zip64 end record");
        }
        need(file, cdOffset, cdSize, "zip central directory");
        // Every central record takes at least 46 bytes: bounds the entry count before any allocation.
        if (count < 0 || count > cdSize / CENTRAL_FIXED) {
            throw new CheckpointFormatException("zip claims " + count + " entries in a " + cdSize + "-byte central directory");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        long p = cdOffset, end = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            if (p > end - CENTRAL_FIXED || LittleEndian.i32(file, p, "zip central record") != CENTRAL_SIG) {
                throw new CheckpointFormatException("bad zip central directory record #" + i + " at " + p);
            }
            int flags = u16(file, p + 8, "zip central record");
            int method = u16(file, p + 10, "zip central record");
            long csize = u32(file, p + 20, "zip central record");
            long size = u32(file, p + 24, "zip central record");
            int nameLen = u16(file, p + 28, "zip central record");
            int extraLen = u16(file, p + 30, "zip central record");
            int commentLen = u16(file, p + 32, "zip central record");
            long local = u32(file, p + 42, "zip central record");
            long next = p + CENTRAL_FIXED + nameLen + extraLen + commentLen;
            if (next > end) throw new CheckpointFormatException("zip central record #" + i + " overruns the directory");
            String name = new String(file.asSlice(p + CENTRAL_FIXED, nameLen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8);
            // Zip64 extra field (id 1) carries, in order, only the fields whose 32-bit slot is 0xffffffff.
            long x = p + CENTRAL_FIXED + nameLen, xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = u16(file, x, "zip extra field"), len = u16(file, x + 2, "zip extra field");
                long q = x + 4;
                if (q + len > xEnd) throw new CheckpointFormatException("zip extra field overruns entry " + name);
                if (id == 1) {
                    if (size == 0xffffffffL) { size = zip64Field(file, q, x + 4 + len, name); q += 8; }
                    if (csize == 0xffffffffL) { csize = zip64Field(file, q, x + 4 + len, name); q += 8; }
                    if (local == 0xffffffffL) { local = zip64Field(file, q, x + 4 + len, name); }
                }
                x += 4 + len;
            }
            if (entries.put(name, new Entry(name, method, flags, csize, size, local)) != null) {
                throw new CheckpointFormatException("duplicate zip entry " + name);
            }
            p = next;
        }
        return new StoredZip(file, Collections.unmodifiableMap(entries));
    }

    private static long zip64Field(MemorySegment f, long q, long limit, String name) throws CheckpointFormatException {
        if (q + 8 > limit) throw new CheckpointFormatException("short zip64 extra field in " + name);
        long v = i64(f, q, "zip64 extra field");
        if (v < 0) throw new CheckpointFormatException("zip64 value out of range in " + name);
        return v;
    }

    private static long findEndOfCentralDirectory(MemorySegment f) throws CheckpointFormatException {
        long size = f.byteSize();
        long stop = Math.max(0, size - EOCD_FIXED - 0xffff); // the comment is at most 65535 bytes
        for (long p = size - EOCD_FIXED; p >= stop; p--) {
            if (LittleEndian.i32(f, p, "zip end record") == EOCD_SIG) return p;
        }
        throw new CheckpointFormatException("not a zip file (no end-of-central-directory record)");
    }

    Set<String> names() { return entries.keySet(); }

    boolean contains(String name) { return entries.containsKey(name); }

    /** The bytes of a STORED entry, as a slice of the mapped file. */
    MemorySegment slice(String name) throws CheckpointFormatException {
        Entry e = entries.get(name);
        if (e == null) throw new CheckpointFormatException("zip entry missing: " + name);
        if ((e.flags & 1) != 0) throw new CheckpointFormatException("zip entry " + name + " is encrypted");
        if (e.method != 0 || e.compressedSize != e.size) {
            throw new CheckpointFormatException("zip entry " + name + " is compressed (method " + e.method
                    + "); torch.save writes storages uncompressed");
        }
        long h = e.localHeader;
        if (LittleEndian.i32(file, h, "zip local header of " + name) != LOCAL_SIG) {
            throw new CheckpointFormatException("bad zip local header for " + name + " at " + h);
        }
        long data = h + LOCAL_FIXED + u16(file, h + 26, "zip local header") + u16(file, h + 28, "zip local header");
        need(file, data, e.size, "zip entry " + name);
        return file.asSlice(data, e.size);
    }
}
