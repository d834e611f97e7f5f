package dev.latentj.convert;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a torch.save state-dict pickle its meaning: allowed globals become {@link TorchGlobal} /
 * {@link TorchStorageType} tags, REDUCE on them builds dicts and {@link TorchTensorRef}s, everything
 * else is refused. The allow-list is the whole security boundary, so it is kept tiny.
 */
final class TorchPickleHooks implements PickleHooks {
    private final String source;

    TorchPickleHooks(String source) { this.source = source; }

    @Override
    public Object global(String module, String name) throws IOException {
        var g = TorchGlobal.of(module, name);
        if (g.isPresent()) return g.get();
        var s = TorchStorageType.of(module, name);
        if (s.isPresent()) return s.get();
        throw new UnsafePickleException(source + ": pickle calls " + module + "." + name
                + ": only tensor rebuilding is allowed");
    }

    @Override
    public Object reduce(Object callable, PyTuple args) throws IOException {
        if (!(callable instanceof TorchGlobal g)) {
            throw fail("REDUCE on a " + RestrictedUnpickler.describe(callable) + " (only OrderedDict and tensor rebuilding)");
        }
        return switch (g) {
            case ORDERED_DICT -> orderedDict(args);
            case REBUILD_TENSOR_V2 -> {
                arity(g, args, 6, 7); // 7th (metadata) only in newer torch
                if (!(args.get(0) instanceof TorchStorageRef storage)) throw fail("_rebuild_tensor_v2: argument 0 is not a storage");
                yield new TorchTensorRef(storage, nonNegative(args.get(1), "storage_offset"),
                        longs(args.get(2), "size"), longs(args.get(3), "stride"));
            }
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                arity(g, args, g == TorchGlobal.REBUILD_PARAMETER ? 3 : 4, g == TorchGlobal.REBUILD_PARAMETER ? 3 : 4);
                if (!(args.get(0) instanceof TorchTensorRef t)) throw fail(g.name + ": argument 0 is not a tensor");
                yield t; // a Parameter is its data for conversion purposes
            }
        };
    }

    @Override
    public Object persistentLoad(Object pid) throws IOException {
        if (!(pid instanceof PyTuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
            throw fail("persistent id is not ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof TorchStorageType type)) throw fail("persistent id names no torch storage type");
        if (!(t.get(2) instanceof String key)) throw fail("persistent id storage key is not a string");
        return new TorchStorageRef(type, key, nonNegative(t.get(4), "storage numel"));
    }

    @Override
    public void build(Object target, Object state) throws IOException {
        // OrderedDict state is instance attributes (state_dict's _metadata), not items: dropping it is exact.
        if (target instanceof LinkedHashMap<?, ?> || target instanceof TorchTensorRef) return;
        throw fail("BUILD on a " + RestrictedUnpickler.describe(target));
    }

    private Object orderedDict(PyTuple args) throws IOException {
        Map<Object, Object> d = new LinkedHashMap<>();
        if (args.size() == 0) return d;
        if (args.size() != 1 || !(args.get(0) instanceof ArrayList<?> pairs)) throw fail("OrderedDict(...) with unsupported arguments");
        for (Object p : pairs) {
            List<?> kv = p instanceof PyTuple t ? t.items() : p instanceof ArrayList<?> l ? l : null;
            if (kv == null || kv.size() != 2 || !(kv.get(0) instanceof String k)) throw fail("OrderedDict item is not a (str, value) pair");
            d.put(k, kv.get(1));
        }
        return d;
    }

    private void arity(TorchGlobal g, PyTuple args, int min, int max) throws CheckpointFormatException {
        if (args.size() < min || args.size() > max) {
            throw fail(g.module + "." + g.name + " called with " + args.size() + " arguments");
        }
    }

    private long nonNegative(Object o, String what) throws CheckpointFormatException {
        if (!(o instanceof Long v) || v < 0) throw fail(what + " is not a non-negative int64");
        return v;
    }

    private long[] longs(Object o, String what) throws CheckpointFormatException {
        if (!(o instanceof PyTuple t)) throw fail(what + " is not a tuple");
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = nonNegative(t.get(i), what + "[" + i + "]");
        return out;
    }

    private CheckpointFormatException fail(String msg) {
        return new CheckpointFormatException(source + ": " + msg);
    }
}
