package dev.latentj.convert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickle bytes for tests, opcode by opcode (including hostile ones). */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter op(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    PickleWriter proto(int p) { return op(0x80, p); }

    PickleWriter global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X', b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24);
        out.writeBytes(b);
        return this;
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v < 256) return op('K', (int) v);
        if (v >= 0 && v < 65536) return op('M', (int) v & 0xff, (int) v >> 8);
        int i = (int) v;
        return op('J', i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff, i >>> 24);
    }

    PickleWriter ints(long... vs) {
        mark();
        for (long v : vs) integer(v);
        return tuple();
    }

    PickleWriter mark() { return op('('); }

    PickleWriter tuple() { return op('t'); }

    PickleWriter reduce() { return op('R'); }

    PickleWriter stop() { return op('.'); }

    /** OrderedDict() via REDUCE, as torch writes it. */
    PickleWriter orderedDict() { return global("collections", "OrderedDict").op(')').reduce(); }

    /** One state-dict item: name -> _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict()). */
    PickleWriter tensorItem(String name, String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        str(name).global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).tuple().op('Q');
        integer(offset).ints(size).ints(stride).op(0x89).orderedDict();
        return tuple().reduce();
    }

    byte[] bytes() { return out.toByteArray(); }
}
