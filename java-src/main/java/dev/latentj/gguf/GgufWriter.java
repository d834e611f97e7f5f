package dev.latentj.gguf;

import dev.latentj.io.OutputFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a GGUF v3 file the way llama.cpp's gguf writer does: KVs in insertion order, tensor infos with offsets
 * packed in insertion order and padded to the alignment, zero padding, every tensor padded to the alignment.
 * {@link #write} writes to a temporary file in the target directory and moves it into place ({@link OutputFile}).
 */
public final class GgufWriter {
    private final Map<String, GgufMetadata.Value> kv = new LinkedHashMap<>();
    private final List<Entry> tensors = new ArrayList<>();
    private final Map<String, Entry> tensorByName = new LinkedHashMap<>();
    private int alignment = GgufParser.DEFAULT_ALIGNMENT;

    private record Entry(String name, GgmlType type, long[] ne, long byteSize, TensorData data) {}

    /** An empty file to fill: no metadata, no tensors, llama.cpp's default alignment of 32. */
    public GgufWriter() {}

    // ---- metadata -------------------------------------------------------------------------------------------

    /**
     * Adds a typed value. Setting {@link GgufKeys#GENERAL_ALIGNMENT} also sets the alignment the file is written with.
     *
     * @param key   a key not added yet
     * @param type  the type to write
     * @param value the value, boxed as {@link GgufMetadata} documents for {@code type}
     * @return this writer
     * @throws IllegalArgumentException when the key is empty or already added, the value is not boxed for
     *                                  {@code type}, or general.alignment is not a UINT32 power of two up to 2^30
     */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) throw new IllegalArgumentException("empty metadata key");
        if (kv.containsKey(key)) throw new IllegalArgumentException("duplicate metadata key '" + key + "'");
        Objects.requireNonNull(value, key);
        checkBoxing(key, type, value);
        if (key.equals(GgufKeys.GENERAL_ALIGNMENT)) {
            if (type != GgufValueType.UINT32) throw new IllegalArgumentException(GgufKeys.GENERAL_ALIGNMENT + " must be UINT32");
            long a = (Long) value;
            if (a == 0 || (a & (a - 1)) != 0 || a > 1 << 30) throw new IllegalArgumentException("bad alignment " + a);
            alignment = (int) a;
        }
        kv.put(key, new GgufMetadata.Value(type, value));
        return this;
    }

    /**
     * Removes a key, so that an extension can replace its value; nothing happens when it is absent.
     *
     * @param key the key
     * @return this writer
     */
    public GgufWriter remove(String key) {
        if (key.equals(GgufKeys.GENERAL_ALIGNMENT)) alignment = GgufParser.DEFAULT_ALIGNMENT;
        kv.remove(key);
        return this;
    }

    /**
     * {@return whether {@code key} was added}
     *
     * @param key the key
     */
    public boolean has(String key) { return kv.containsKey(key); }

    /**
     * Adds a STRING value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the text, written as UTF-8
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putString(String key, String v) { return put(key, GgufValueType.STRING, v); }
    /**
     * Adds a UINT8 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   only its low 8 bits are kept
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putU8(String key, int v) { return put(key, GgufValueType.UINT8, (long) (v & 0xff)); }
    /**
     * Adds a INT8 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   narrowed to a byte
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putI8(String key, int v) { return put(key, GgufValueType.INT8, (long) (byte) v); }
    /**
     * Adds a UINT16 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   only its low 16 bits are kept
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putU16(String key, int v) { return put(key, GgufValueType.UINT16, (long) (v & 0xffff)); }
    /**
     * Adds a INT16 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   narrowed to a short
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putI16(String key, int v) { return put(key, GgufValueType.INT16, (long) (short) v); }
    /**
     * Adds a UINT32 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   in [0, 2^32)
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}, or when {@code v} is out of range
     */
    public GgufWriter putU32(String key, long v) {
        if (v < 0 || v > 0xffffffffL) throw new IllegalArgumentException(key + ": " + v + " is not a u32");
        return put(key, GgufValueType.UINT32, v);
    }
    /**
     * Adds a INT32 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the value
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putI32(String key, int v) { return put(key, GgufValueType.INT32, (long) v); }
    /**
     * Adds a UINT64 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   its bit pattern; a negative long stands for a value of 2^63 or more
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putU64(String key, long v) { return put(key, GgufValueType.UINT64, v); }
    /**
     * Adds a INT64 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the value
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putI64(String key, long v) { return put(key, GgufValueType.INT64, v); }
    /**
     * Adds a FLOAT32 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the value
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putF32(String key, float v) { return put(key, GgufValueType.FLOAT32, v); }
    /**
     * Adds a FLOAT64 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the value
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putF64(String key, double v) { return put(key, GgufValueType.FLOAT64, v); }
    /**
     * Adds a BOOL value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the value
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putBool(String key, boolean v) { return put(key, GgufValueType.BOOL, v); }
    /**
     * Adds a ARRAY value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the array; not copied
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putArray(String key, GgufArray v) { return put(key, GgufValueType.ARRAY, v); }
    /**
     * Adds a array of STRING value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the strings, copied
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putStringArray(String key, List<String> v) {
        return putArray(key, new GgufArray(GgufValueType.STRING, v.toArray(String[]::new)));
    }
    /**
     * Adds a array of INT32 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the values, copied
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putI32Array(String key, int[] v) { return putArray(key, new GgufArray(GgufValueType.INT32, v.clone())); }
    /**
     * Adds a array of UINT32 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the values' bit patterns, copied
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putU32Array(String key, int[] v) { return putArray(key, new GgufArray(GgufValueType.UINT32, v.clone())); }
    /**
     * Adds a array of FLOAT32 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the values, copied
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putF32Array(String key, float[] v) { return putArray(key, new GgufArray(GgufValueType.FLOAT32, v.clone())); }
    /**
     * Adds a array of UINT8 value, as {@link #put}.
     *
     * @param key a key not added yet
     * @param v   the bytes, copied
     * @return this writer
     * @throws IllegalArgumentException as {@link #put}
     */
    public GgufWriter putU8Array(String key, byte[] v) { return putArray(key, new GgufArray(GgufValueType.UINT8, v.clone())); }

    /**
     * Sets general.alignment (llama.cpp's default, 32, is used when never set).
     *
     * @param a the alignment of the data section and of every tensor in it: a power of two up to 2^30
     * @return this writer
     * @throws IllegalArgumentException when {@code a} is not such a power of two, or the key was already added
     */
    public GgufWriter alignment(int a) { return putU32(GgufKeys.GENERAL_ALIGNMENT, a); }

    private static void checkBoxing(String key, GgufValueType type, Object v) {
        boolean ok = switch (type) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> v instanceof Long;
            case FLOAT32 -> v instanceof Float;
            case FLOAT64 -> v instanceof Double;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case ARRAY -> v instanceof GgufArray;
        };
        if (!ok) throw new IllegalArgumentException(key + ": " + v.getClass().getSimpleName() + " is not a boxed " + type);
    }

    // ---- tensors --------------------------------------------------------------------------------------------

    /**
     * Adds a tensor after those added before; the file keeps this order.
     *
     * @param name a new name of 1 to 63 UTF-8 bytes (ggml's GGML_MAX_NAME)
     * @param type the type of the data
     * @param ne   the shape in ggml order, 1 to 4 dimensions of at least 1; copied
     * @param data exactly {@link GgufTensorInfo#byteSize(GgmlType, long[])} bytes, checked now when in memory and at
     *             {@link #writeTo} when streamed
     * @return this writer
     * @throws IllegalArgumentException when the name or the shape is invalid, or the data has the wrong size
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] ne, TensorData data) {
        Objects.requireNonNull(data, name);
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > GgufParser.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + name + "' must be 1.." + GgufParser.MAX_NAME_BYTES + " bytes");
        }
        if (tensorByName.containsKey(name)) throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        if (ne.length < 1 || ne.length > GgufParser.MAX_DIMS) {
            throw new IllegalArgumentException(name + ": " + ne.length + " dimensions (1.." + GgufParser.MAX_DIMS + ")");
        }
        for (long d : ne) if (d < 1) throw new IllegalArgumentException(name + ": dimension " + d + " < 1");
        long size = GgufTensorInfo.byteSize(type, ne);
        if (data instanceof TensorData.Bytes b && b.segment().byteSize() != size) {
            throw new IllegalArgumentException(name + ": " + b.segment().byteSize() + " bytes given, " + type + " "
                    + java.util.Arrays.toString(ne) + " needs " + size);
        }
        Entry e = new Entry(name, type, ne.clone(), size, data);
        tensors.add(e);
        tensorByName.put(name, e);
        return this;
    }

    /**
     * {@link #addTensor(String, GgmlType, long[], TensorData)} of bytes in memory.
     *
     * @param name a new name of 1 to 63 UTF-8 bytes
     * @param type the type of the data
     * @param ne   the shape in ggml order; copied
     * @param data exactly the tensor's byte size; read when the file is written, not copied now
     * @return this writer
     * @throws IllegalArgumentException as the other overload
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] ne, MemorySegment data) {
        return addTensor(name, type, ne, TensorData.of(data));
    }

    /** {@return the number of tensors added} */
    public int tensorCount() { return tensors.size(); }

    // ---- output ---------------------------------------------------------------------------------------------

    /**
     * Writes the file atomically ({@link OutputFile}): the whole file appears at {@code path}, or nothing does.
     *
     * @param path the file to write or replace
     * @throws IOException when writing fails or a streamed tensor writes the wrong number of bytes
     */
    public void write(Path path) throws IOException {
        OutputFile.write(path, this::writeTo);
    }

    /**
     * Writes the whole file to a channel, streamed tensors included.
     *
     * @param ch the channel, at the file's first byte; not closed
     * @throws IOException when writing fails or a streamed tensor writes the wrong number of bytes
     */
    public void writeTo(WritableByteChannel ch) throws IOException {
        byte[] header = header();
        CountingChannel out = new CountingChannel(ch);
        writeFully(out, ByteBuffer.wrap(header));
        for (Entry e : tensors) {
            long before = out.count;
            switch (e.data()) {
                case TensorData.Bytes b -> writeFully(out, b.segment().asByteBuffer());
                case TensorData.Streamed s -> s.producer().writeTo(out);
            }
            long written = out.count - before;
            if (written != e.byteSize()) {
                throw new IOException("tensor '" + e.name() + "': producer wrote " + written + " bytes, expected " + e.byteSize());
            }
            pad(out, out.count);
        }
    }

    /**
     * The whole file written into memory from {@code arena}, page-aligned so tensor data keeps its alignment
     * (e.g. to hand to {@link GgufFile#parse}). Memory, not a file: callers that merge files pay a copy.
     *
     * @param arena allocates the file's bytes, and owns them
     * @return the file's bytes
     * @throws IOException when a streamed tensor fails or writes the wrong number of bytes
     */
    public MemorySegment toMemory(Arena arena) throws IOException {
        byte[] header = header();
        long size = header.length;
        for (Entry e : tensors) size = GgufParser.align(size + e.byteSize(), alignment);
        MemorySegment out = arena.allocate(size, 4096);
        long[] pos = {0};
        writeTo(new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                if (pos[0] + n > out.byteSize()) throw new IllegalStateException("GGUF larger than its computed size");
                MemorySegment.copy(MemorySegment.ofBuffer(src), 0, out, pos[0], n);
                src.position(src.limit());
                pos[0] += n;
                return n;
            }

            @Override
            public boolean isOpen() { return true; }

            @Override
            public void close() {}
        });
        if (pos[0] != size) throw new IllegalStateException("GGUF of " + pos[0] + " bytes, computed " + size);
        return out;
    }

    private byte[] header() {
        Enc enc = new Enc();
        enc.u32(GgufParser.MAGIC);
        enc.u32(3);
        enc.u64(tensors.size());
        enc.u64(kv.size());
        for (Map.Entry<String, GgufMetadata.Value> e : kv.entrySet()) {
            enc.string(e.getKey());
            enc.u32(e.getValue().type().id());
            enc.value(e.getValue().type(), e.getValue().value());
        }
        long offset = 0;
        for (Entry t : tensors) {
            enc.string(t.name());
            enc.u32(t.ne().length);
            for (long d : t.ne()) enc.u64(d);
            enc.u32(t.type().id());
            enc.u64(offset);
            offset = GgufParser.align(offset + t.byteSize(), alignment);
        }
        int padded = (int) GgufParser.align(enc.size(), alignment);
        while (enc.size() < padded) enc.write(0);
        return enc.toByteArray();
    }

    private void pad(WritableByteChannel out, long pos) throws IOException {
        int n = (int) (GgufParser.align(pos, alignment) - pos);
        if (n > 0) writeFully(out, ByteBuffer.allocate(n));
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** Counts bytes so streamed producers can be held to their tensor's size. */
    private static final class CountingChannel implements WritableByteChannel {
        private final WritableByteChannel inner;
        long count;

        CountingChannel(WritableByteChannel inner) { this.inner = inner; }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = inner.write(src);
            count += n;
            return n;
        }

        @Override
        public boolean isOpen() { return inner.isOpen(); }

        @Override
        public void close() { /* the writer owns the channel */ }
    }

    /** Little-endian header encoder. */
    private static final class Enc extends ByteArrayOutputStream {
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void u32(int v) { scratch.clear(); scratch.putInt(v); write(scratch.array(), 0, 4); }
        void u64(long v) { scratch.clear(); scratch.putLong(v); write(scratch.array(), 0, 8); }
        void u16(short v) { scratch.clear(); scratch.putShort(v); write(scratch.array(), 0, 2); }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            write(b, 0, b.length);
        }

        void value(GgufValueType type, Object v) {
            switch (type) {
                case UINT8, INT8 -> write((int) (long) (Long) v);
                case UINT16, INT16 -> u16((short) (long) (Long) v);
                case UINT32, INT32 -> u32((int) (long) (Long) v);
                case UINT64, INT64 -> u64((Long) v);
                case FLOAT32 -> u32(Float.floatToRawIntBits((Float) v));
                case FLOAT64 -> u64(Double.doubleToRawLongBits((Double) v));
                case BOOL -> write((Boolean) v ? 1 : 0);
                case STRING -> string((String) v);
                case ARRAY -> array((GgufArray) v);
            }
        }

        void array(GgufArray a) {
            u32(a.elementType().id());
            u64(a.size());
            switch (a.data()) {
                case byte[] b -> write(b, 0, b.length);
                case short[] s -> { for (short x : s) u16(x); }
                case int[] s -> { for (int x : s) u32(x); }
                case long[] s -> { for (long x : s) u64(x); }
                case float[] s -> { for (float x : s) u32(Float.floatToRawIntBits(x)); }
                case double[] s -> { for (double x : s) u64(Double.doubleToRawLongBits(x)); }
                case String[] s -> { for (String x : s) string(x); }
                case GgufArray[] s -> { for (GgufArray x : s) array(x); }
                default -> throw new IllegalStateException();
            }
        }
    }
}
