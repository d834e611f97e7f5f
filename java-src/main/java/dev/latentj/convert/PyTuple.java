package dev.latentj.convert;

import java.util.List;

/** An unpickled Python tuple (lists are {@code ArrayList}, dicts {@code LinkedHashMap}, None is {@link PyNone}). */
record PyTuple(List<Object> items) {
    PyTuple { items = List.copyOf(items); }

    int size() { return items.size(); }

    Object get(int i) { return items.get(i); }
}
