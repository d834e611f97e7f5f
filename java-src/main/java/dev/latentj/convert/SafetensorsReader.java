package dev.latentj.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.io.JsonError;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads safetensors checkpoints: one file (u64 header length, JSON header, data) or a sharded directory
 * described by {@code model.safetensors.index.json}. Files are mapped read-only into a shared arena that
 * {@link #close} releases; the {@link SourceTensor}s are slices of the mappings, validated against the header.
 */
public final class SafetensorsReader implements AutoCloseable {
    /** The index of a sharded checkpoint: its {@code weight_map} names each tensor's shard. */
    public static final String INDEX = "model.safetensors.index.json";
    /** The file of an unsharded checkpoint. */
    public static final String SINGLE = "model.safetensors";
    /** The safetensors format limits the header to 100 MB. */
    static final long MAX_HEADER = 100L << 20;

    /** Duplicate keys are an error: a header naming one tensor twice must not silently keep the last entry. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final Arena arena;
    private final Map<String, SourceTensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsReader(Arena arena, Map<String, SourceTensor> tensors, Map<String, String> metadata) {
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a .safetensors file, a directory with a sharded index, or a directory with model.safetensors.
     *
     * @param path the file or directory
     * @return the reader; close it to unmap the files
     * @throws IOException when no checkpoint is there, a file cannot be mapped, a header is malformed, or the index
     *                     and the shards disagree
     */
    public static SafetensorsReader open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            if (Files.isDirectory(path)) {
                if (Files.exists(path.resolve(INDEX))) return openSharded(path, arena);
                if (Files.exists(path.resolve(SINGLE))) path = path.resolve(SINGLE);
                else throw new ConversionException(path + ": neither " + INDEX + " nor " + SINGLE + " found");
            }
            Map<String, String> md = new LinkedHashMap<>();
            Map<String, SourceTensor> ts = readFile(path, arena, md);
            return new SafetensorsReader(arena, ts, md);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * {@return whether the directory holds a safetensors checkpoint, sharded or not}
     *
     * @param dir a directory
     */
    public static boolean isCheckpointDir(Path dir) {
        return Files.exists(dir.resolve(INDEX)) || Files.exists(dir.resolve(SINGLE));
    }

    /** {@return the tensors by name, in header order (shards in index order)} */
    public Map<String, SourceTensor> tensors() { return tensors; }

    /** {@return the {@code __metadata__} strings, merged over shards} */
    public Map<String, String> metadata() { return metadata; }

    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    private static SafetensorsReader openSharded(Path dir, Arena arena) throws IOException {
        Path indexPath = dir.resolve(INDEX);
        JsonNode index = readJson(indexPath);
        JsonNode map = index.get("weight_map");
        if (map == null || !map.isObject()) throw new ConversionException(indexPath + ": no \"weight_map\" object");
        // shard -> names it should hold, in index order
        Map<String, List<String>> shards = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw new ConversionException(indexPath + ": weight_map['" + e.getKey() + "'] is not a file name");
            shards.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>()).add(e.getKey());
        }
        Map<String, SourceTensor> all = new LinkedHashMap<>();
        Map<String, String> md = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> s : shards.entrySet()) {
            String shard = s.getKey();
            Path p = dir.resolve(shard).normalize();
            // the index is untrusted: a shard must be a plain file inside the checkpoint directory
            if (shard.contains("/") || shard.contains("\\") || !p.getParent().equals(dir.normalize())) {
                throw new ConversionException(indexPath + ": shard '" + shard + "' is not a file name in " + dir);
            }
            if (!Files.isRegularFile(p)) throw new ConversionException(indexPath + ": shard file '" + shard + "' is missing");
            Map<String, SourceTensor> ts = readFile(p, arena, md);
            for (String name : s.getValue()) {
                if (!ts.containsKey(name)) {
                    throw new ConversionException(indexPath + ": tensor '" + name + "' is not in shard '" + shard + "'");
                }
            }
            for (Map.Entry<String, SourceTensor> t : ts.entrySet()) {
                if (all.put(t.getKey(), t.getValue()) != null) {
                    throw new ConversionException("tensor '" + t.getKey() + "' appears in more than one shard (again in '" + shard + "')");
                }
            }
        }
        return new SafetensorsReader(arena, all, md);
    }

    private static JsonNode readJson(Path p) throws IOException {
        try {
            return JSON.readTree(p.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ConversionException(JsonError.describe(p.toString(), e, "a JSON object"), e);
        }
    }

    private static Map<String, SourceTensor> readFile(Path path, Arena arena, Map<String, String> md) throws IOException {
        MemorySegment seg;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        }
        try {
            return parse(seg, md);
        } catch (ConversionException e) {
            throw new ConversionException(path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates one safetensors image.
     *
     * @param seg         the whole file
     * @param metadataOut receives the header's {@code __metadata__} strings
     * @return the tensors by name in header order, slices of {@code seg}
     * @throws ConversionException when the header is truncated or not a JSON object, or describes tensors with an
     *                             unsupported dtype, a bad shape, or data that does not fit the shape, runs past
     *                             the data section or overlaps another tensor's
     */
    public static Map<String, SourceTensor> parse(MemorySegment seg, Map<String, String> metadataOut) throws ConversionException {
        long size = seg.byteSize();
        if (size < 8) throw new ConversionException("truncated: " + size + " bytes, no header length");
        long n = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 2 || n > size - 8 || n > MAX_HEADER) {
            throw new ConversionException("header length " + Long.toUnsignedString(n) + " invalid for a file of " + size + " bytes");
        }
        JsonNode header;
        try {
            byte[] hb = seg.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            header = JSON.readTree(new String(hb, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ConversionException("invalid JSON header (" + JsonError.reason(e) + ")", e);
        }
        if (header == null || !header.isObject()) throw new ConversionException("header is not a JSON object");
        long dataStart = 8 + n;
        long dataLen = size - dataStart;
        Map<String, SourceTensor> out = new LinkedHashMap<>();
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode t = e.getValue();
            if (name.equals("__metadata__")) {
                if (!t.isObject()) throw new ConversionException("__metadata__ is not an object");
                t.fields().forEachRemaining(m -> metadataOut.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String what = "tensor '" + name + "'";
            if (!t.isObject()) throw new ConversionException(what + ": header entry is not an object");
            String dt = t.path("dtype").asText("");
            SourceTensor.DType dtype = switch (dt) {
                case "F32" -> SourceTensor.DType.F32;
                case "F16" -> SourceTensor.DType.F16;
                case "BF16" -> SourceTensor.DType.BF16;
                default -> throw new ConversionException(what + ": dtype '" + dt + "' is not supported (F32, F16, BF16)");
            };
            JsonNode sh = t.get("shape");
            if (sh == null || !sh.isArray() || sh.size() > 8) throw new ConversionException(what + ": missing or bad shape");
            long[] shape = new long[sh.size()];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!sh.get(i).canConvertToLong() || !sh.get(i).isIntegralNumber() || sh.get(i).asLong() < 0) {
                    throw new ConversionException(what + ": bad dimension " + sh.get(i) + " in shape " + sh);
                }
                shape[i] = sh.get(i).asLong();
                try {
                    numel = Math.multiplyExact(numel, shape[i]);
                } catch (ArithmeticException ex) {
                    throw new ConversionException(what + ": shape " + sh + " overflows");
                }
            }
            JsonNode off = t.get("data_offsets");
            if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                    || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
                throw new ConversionException(what + ": data_offsets must be [begin, end]");
            }
            long b = off.get(0).asLong(), end = off.get(1).asLong();
            if (b < 0 || end < b || end > dataLen) {
                throw new ConversionException(what + ": data_offsets [" + b + ", " + end + ") outside the data section (" + dataLen + " bytes)");
            }
            if (numel > Long.MAX_VALUE / dtype.bytes || end - b != numel * dtype.bytes) {
                throw new ConversionException(what + ": data_offsets [" + b + ", " + end + ") hold " + (end - b)
                        + " bytes but shape " + sh + " of " + dt + " needs " + numel * dtype.bytes);
            }
            if (out.containsKey(name)) throw new ConversionException("duplicate " + what);
            if (end > b) {
                ranges.put(name, new long[] {b, end});
            }
            out.put(name, new SourceTensor(name, dtype, shape, seg.asSlice(dataStart + b, end - b)));
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(ranges.entrySet());
        sorted.sort(Comparator.comparingLong(x -> x.getValue()[0]));
        for (int i = 1; i < sorted.size(); i++) {
            var a = sorted.get(i - 1);
            var c = sorted.get(i);
            if (c.getValue()[0] < a.getValue()[1]) {
                throw new ConversionException("tensors '" + a.getKey() + "' [" + a.getValue()[0] + ", " + a.getValue()[1] + ") and '"
                        + c.getKey() + "' [" + c.getValue()[0] + ", " + c.getValue()[1] + ") overlap");
            }
        }
        return out;
    }
}
