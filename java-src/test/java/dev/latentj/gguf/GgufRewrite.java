package dev.latentj.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Copies a valid GGUF with edits: metadata set or removed, tensors dropped or their bytes changed. Used to make
 * model files that are well-formed GGUF but lie about the model (hyper-parameters against shapes, NaN weights).
 */
public final class GgufRewrite {
    private final Map<String, GgufMetadata.Value> kv = new LinkedHashMap<>();
    private final Map<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
    private final Map<String, byte[]> data = new LinkedHashMap<>();
    private final Map<String, GgmlType> retype = new LinkedHashMap<>();

    private GgufRewrite(GgufFile f) {
        kv.putAll(f.metadata().asMap());
        for (GgufTensorInfo t : f.tensors()) {
            tensors.put(t.name(), t);
            data.put(t.name(), f.tensorData(t).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    public static GgufRewrite of(Path valid) throws IOException {
        try (GgufFile f = GgufFile.open(valid)) {
            return new GgufRewrite(f);
        }
    }

    public GgufRewrite set(String key, GgufValueType type, Object value) {
        kv.put(key, new GgufMetadata.Value(type, value));
        return this;
    }

    public GgufRewrite remove(String key) {
        kv.remove(key);
        return this;
    }

    public GgufRewrite dropTensor(String name) {
        tensors.remove(name);
        data.remove(name);
        return this;
    }

    /** Edits a tensor's bytes in place (same size). */
    public GgufRewrite bytes(String name, UnaryOperator<byte[]> edit) {
        data.put(name, edit.apply(data.get(name).clone()));
        return this;
    }

    /** Declares a tensor as another type of the same byte size (e.g. F32 as I32). */
    public GgufRewrite retype(String name, GgmlType type) {
        retype.put(name, type);
        return this;
    }

    public Path write(Path out) throws IOException {
        GgufWriter w = new GgufWriter();
        kv.forEach((k, v) -> w.put(k, v.type(), v.value()));
        for (GgufTensorInfo t : tensors.values()) {
            w.addTensor(t.name(), retype.getOrDefault(t.name(), t.type()), t.ne(), MemorySegment.ofArray(data.get(t.name())));
        }
        w.write(out);
        return out;
    }
}
