package dev.latentj.gguf;

import dev.latentj.io.InputFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated GGUF file. {@link #open} maps it read-only into a segment owned by a shared arena (so tensor data
 * can be handed to native code from any thread) that {@link #close} releases; segments from {@link #tensorData}
 * become invalid then. Everything in the header is checked at open: see {@link GgufParser}.
 */
public final class GgufFile implements AutoCloseable {
    private final MemorySegment segment;
    private final Arena arena;
    private final GgufParser.Parsed parsed;
    private final Map<String, GgufTensorInfo> byName;

    private GgufFile(MemorySegment segment, Arena arena, GgufParser.Parsed parsed) {
        this.segment = segment;
        this.arena = arena;
        this.parsed = parsed;
        Map<String, GgufTensorInfo> m = new LinkedHashMap<>();
        for (GgufTensorInfo t : parsed.tensors()) m.put(t.name(), t);
        this.byName = m;
    }

    /**
     * Maps and validates a file.
     *
     * @param path a GGUF file
     * @return the open file; close it to unmap
     * @throws GgufException naming the path when the file is not valid GGUF
     * @throws IOException   when it is not a regular file or cannot be mapped
     */
    public static GgufFile open(Path path) throws IOException {
        InputFile.requireRegularFile(path, "a GGUF file");
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new GgufFile(seg, arena, GgufParser.parse(seg));
        } catch (GgufException e) {
            arena.close();
            throw new GgufException(path + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Parses bytes already in memory. {@code owner}, if not null, is closed by {@link #close}; pass null when the
     * caller manages the segment's lifetime (tests, fuzzers, heap segments).
     *
     * @param segment the bytes of a whole GGUF file
     * @param owner   the arena of {@code segment}, or null
     * @return the parsed file, reading from {@code segment}
     * @throws GgufException when the bytes are not valid GGUF
     */
    public static GgufFile parse(MemorySegment segment, Arena owner) throws GgufException {
        return new GgufFile(segment, owner, GgufParser.parse(segment));
    }

    /** {@return the GGUF version, 2 or 3} */
    public int version() { return parsed.version(); }

    /** {@return the alignment of the data section and of every tensor in it: general.alignment, 32 by default} */
    public int alignment() { return parsed.alignment(); }

    /** {@return the absolute byte offset of the data section} */
    public long dataOffset() { return parsed.dataOffset(); }

    /** {@return the key-value metadata} */
    public GgufMetadata metadata() { return parsed.metadata(); }

    /** {@return the tensors in file order} */
    public List<GgufTensorInfo> tensors() { return parsed.tensors(); }

    /**
     * {@return the tensor called {@code name}, if the file has one}
     *
     * @param name the tensor's name, e.g. {@code token_embd.weight}
     */
    public Optional<GgufTensorInfo> tensor(String name) { return Optional.ofNullable(byName.get(name)); }

    /**
     * {@return the tensor's bytes} They are a slice of the mapping, its bounds validated at open.
     *
     * @param t one of this file's tensors
     * @throws IllegalArgumentException when {@code t} is not from this file
     */
    public MemorySegment tensorData(GgufTensorInfo t) {
        if (byName.get(t.name()) != t && !t.equals(byName.get(t.name()))) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' is not from this file");
        }
        return segment.asSlice(parsed.dataOffset() + t.offset(), t.byteSize());
    }

    /** {@return the whole file} */
    public MemorySegment segment() { return segment; }

    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) arena.close();
    }
}
