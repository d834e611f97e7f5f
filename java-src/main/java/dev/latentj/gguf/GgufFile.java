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
     */
    public static GgufFile parse(MemorySegment segment, Arena owner) throws GgufException {
        return new GgufFile(segment, owner, GgufParser.parse(segment));
    }

    public int version() { return parsed.version(); }

    public int alignment() { return parsed.alignment(); }

    /** Absolute byte offset of the data section. */
    public long dataOffset() { return parsed.dataOffset(); }

    public GgufMetadata metadata() { return parsed.metadata(); }

    /** Tensors in file order. */
    public List<GgufTensorInfo> tensors() { return parsed.tensors(); }

    public Optional<GgufTensorInfo> tensor(String name) { return Optional.ofNullable(byName.get(name)); }

    /** The tensor's bytes (a slice of the mapping, bounds already validated). */
    public MemorySegment tensorData(GgufTensorInfo t) {
        if (byName.get(t.name()) != t && !t.equals(byName.get(t.name()))) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' is not from this file");
        }
        return segment.asSlice(parsed.dataOffset() + t.offset(), t.byteSize());
    }

    /** The whole file. */
    public MemorySegment segment() { return segment; }

    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) arena.close();
    }
}
