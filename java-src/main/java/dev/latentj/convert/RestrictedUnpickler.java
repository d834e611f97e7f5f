package dev.latentj.convert;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle VM for plain data (protocols 2 to 5) that never executes anything: GLOBAL, REDUCE, BUILD and
 * BINPERSID go through {@link PickleHooks}; opcodes that import or instantiate by other means
 * (INST, OBJ, NEWOBJ, EXT*) are simply not implemented and fail as unknown.
 * Every length is checked against the bytes that remain, so memory use is bounded by the pickle size.
 * The VM is iterative (no recursion); nesting is capped by {@link #MAX_MARK_DEPTH}.
 */
final class RestrictedUnpickler {
    static final int MAX_MARK_DEPTH = 10_000;
    private static final int MAX_GLOBAL_LINE = 512;
    private static final ValueLayout.OfDouble F64_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment in;
    private final PickleHooks hooks;
    private final String source;
    private long pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(MemorySegment in, PickleHooks hooks, String source) {
        this.in = in;
        this.hooks = hooks;
        this.source = source;
    }

    /** Runs the pickle in {@code in} to its STOP and returns the top of the stack. */
    static Object load(MemorySegment in, PickleHooks hooks, String source) throws IOException {
        return new RestrictedUnpickler(in, hooks, source).run();
    }

    private Object run() throws IOException {
        while (true) {
            if (pos >= in.byteSize()) throw error("truncated pickle: no STOP opcode before end of data");
            long at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) throw error("unsupported pickle protocol " + proto);
                }
                case 0x95 -> { // FRAME: a length hint only; the data is inline
                    long n = i64();
                    if (n < 0 || n > remaining()) throw error("FRAME length " + n + " exceeds remaining " + remaining());
                }
                case '.' -> { // STOP
                    if (!marks.isEmpty()) throw error("STOP with an unclosed MARK");
                    return pop("STOP");
                }
                case '(' -> { // MARK
                    if (marks.size() >= MAX_MARK_DEPTH) throw error("nesting deeper than " + MAX_MARK_DEPTH);
                    marks.add(stack.size());
                }
                case '0' -> pop("POP");
                case '1' -> popMark("POP_MARK");
                case '2' -> push(peek("DUP"));
                case ')' -> push(new PyTuple(List.of()));
                case ']' -> push(new ArrayList<>());
                case '}' -> push(new LinkedHashMap<>());
                case 't' -> push(new PyTuple(popMark("TUPLE")));
                case 0x85 -> push(tupleOf(1));
                case 0x86 -> push(tupleOf(2));
                case 0x87 -> push(tupleOf(3));
                case 'l' -> push(new ArrayList<>(popMark("LIST")));
                case 'd' -> { // DICT
                    Map<Object, Object> d = new LinkedHashMap<>();
                    putPairs(d, popMark("DICT"));
                    push(d);
                }
                case 'N' -> push(PyNone.NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | (u8() << 8)));
                case 'J' -> push((long) i32());
                case 0x8a -> push(longBytes(u8())); // LONG1
                case 0x8b -> push(longBytes(length(i32() & 0xffffffffL, "LONG4"))); // LONG4
                case 'G' -> { // BINFLOAT: big-endian, unlike everything else
                    need(8, "BINFLOAT");
                    push(in.get(F64_BE, pos));
                    pos += 8;
                }
                case 'X' -> push(utf8(length(i32() & 0xffffffffL, "BINUNICODE")));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(length(i64(), "BINUNICODE8")));
                case 'B' -> push(bytes(length(i32() & 0xffffffffL, "BINBYTES")));
                case 'C' -> push(bytes(u8()));
                case 0x8e -> push(bytes(length(i64(), "BINBYTES8")));
                case 'q' -> memo.put((long) u8(), peek("BINPUT"));
                case 'r' -> memo.put(i32() & 0xffffffffL, peek("LONG_BINPUT"));
                case 0x94 -> memo.put((long) memo.size(), peek("MEMOIZE"));
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(i32() & 0xffffffffL));
                case 'c' -> { // GLOBAL "module\nname\n"
                    String module = line("GLOBAL");
                    String name = line("GLOBAL");
                    push(hooks.global(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop("STACK_GLOBAL"), module = pop("STACK_GLOBAL");
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings");
                    }
                    push(hooks.global(m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop("REDUCE");
                    Object callable = pop("REDUCE");
                    if (!(args instanceof PyTuple t)) throw error("REDUCE arguments are not a tuple");
                    push(hooks.reduce(callable, t));
                }
                case 'b' -> { // BUILD
                    Object state = pop("BUILD");
                    hooks.build(peek("BUILD"), state);
                }
                case 'Q' -> push(hooks.persistentLoad(pop("BINPERSID")));
                case 's' -> { // SETITEM
                    Object v = pop("SETITEM"), k = pop("SETITEM");
                    putPairs(dictOnTop("SETITEM"), List.of(k, v));
                }
                case 'u' -> { // SETITEMS
                    List<Object> kv = popMark("SETITEMS");
                    putPairs(dictOnTop("SETITEMS"), kv);
                }
                case 'a' -> { // APPEND
                    Object v = pop("APPEND");
                    listOnTop("APPEND").add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> vs = popMark("APPENDS");
                    listOnTop("APPENDS").addAll(vs);
                }
                default -> {
                    pos = at;
                    throw error(String.format("unsupported pickle opcode 0x%02x ('%s')", op,
                            op >= 0x20 && op < 0x7f ? Character.toString(op) : "?"));
                }
            }
        }
    }

    private CheckpointFormatException error(String msg) {
        return new CheckpointFormatException(source + ": " + msg + " (at byte " + pos + ")");
    }

    private long remaining() { return in.byteSize() - pos; }

    private void need(long n, String what) throws CheckpointFormatException {
        if (n < 0 || n > remaining()) {
            throw error("truncated pickle: " + what + " needs " + n + " bytes, " + remaining() + " left");
        }
    }

    private long length(long n, String what) throws CheckpointFormatException {
        need(n, what);
        return n;
    }

    private int u8() throws CheckpointFormatException {
        need(1, "opcode argument");
        return in.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
    }

    private int i32() throws CheckpointFormatException {
        need(4, "int32 argument");
        int v = in.get(LittleEndian.I32, pos);
        pos += 4;
        return v;
    }

    private long i64() throws CheckpointFormatException {
        need(8, "int64 argument");
        long v = in.get(LittleEndian.I64, pos);
        pos += 8;
        return v;
    }

    private byte[] bytes(long n) throws CheckpointFormatException {
        need(n, "byte string");
        if (n > Integer.MAX_VALUE - 8) throw error("string of " + n + " bytes is too long");
        byte[] b = in.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return b;
    }

    private String utf8(long n) throws CheckpointFormatException {
        byte[] b = bytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 in a pickled string");
        }
    }

    /** Little-endian two's complement, as LONG1/LONG4 store it; small values come back as Long. */
    private Object longBytes(long n) throws CheckpointFormatException {
        byte[] le = bytes(n);
        if (le.length == 0) return 0L;
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line(String what) throws CheckpointFormatException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (remaining() <= 0) throw error("truncated pickle: unterminated " + what + " argument");
            int c = in.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
            if (c == '\n') return sb.toString();
            if (c < 0x20 || c >= 0x7f) throw error(what + " argument is not printable ASCII");
            if (sb.length() >= MAX_GLOBAL_LINE) throw error(what + " argument longer than " + MAX_GLOBAL_LINE);
            sb.append((char) c);
        }
    }

    private void push(Object o) { stack.add(java.util.Objects.requireNonNull(o, "pickle hook returned null")); }

    private Object pop(String op) throws CheckpointFormatException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) throw error("pickle stack underflow in " + op);
        return stack.remove(stack.size() - 1);
    }

    private Object peek(String op) throws CheckpointFormatException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) throw error("pickle stack underflow in " + op);
        return stack.get(stack.size() - 1);
    }

    /** Pops everything above the last MARK, and the mark itself. */
    private List<Object> popMark(String op) throws CheckpointFormatException {
        if (marks.isEmpty()) throw error(op + " without a MARK");
        int m = marks.remove(marks.size() - 1);
        List<Object> top = stack.subList(m, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private PyTuple tupleOf(int n) throws CheckpointFormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) items[i] = pop("TUPLE" + n);
        return new PyTuple(List.of(items));
    }

    private Object memoGet(long key) throws CheckpointFormatException {
        Object v = memo.get(key);
        if (v == null) throw error("memo key " + key + " read before it was written");
        return v;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnTop(String op) throws CheckpointFormatException {
        if (peek(op) instanceof LinkedHashMap<?, ?> d) return (Map<Object, Object>) d;
        throw error(op + " on a " + describe(peek(op)) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private List<Object> listOnTop(String op) throws CheckpointFormatException {
        if (peek(op) instanceof ArrayList<?> l) return (List<Object>) l;
        throw error(op + " on a " + describe(peek(op)) + ", not a list");
    }

    private void putPairs(Map<Object, Object> d, List<Object> kv) throws CheckpointFormatException {
        if (kv.size() % 2 != 0) throw error("odd number of items for a dict");
        for (int i = 0; i < kv.size(); i += 2) {
            Object k = kv.get(i);
            // Scalar keys only: containers could be self-referential and would recurse in hashCode.
            if (!(k instanceof String || k instanceof Long || k instanceof BigInteger || k instanceof Double
                    || k instanceof Boolean || k instanceof PyNone)) {
                throw error("unsupported dict key type " + describe(k));
            }
            d.put(k, kv.get(i + 1));
        }
    }

    /** A type name for messages; never prints contents (which may be huge or self-referential). */
    static String describe(Object o) {
        return switch (o) {
            case null -> "null";
            case PyNone n -> "None";
            case PyTuple t -> "tuple of " + t.size();
            case ArrayList<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case String s -> "str";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case Boolean b -> "bool";
            case byte[] b -> "bytes";
            default -> o.getClass().getSimpleName();
        };
    }
}
