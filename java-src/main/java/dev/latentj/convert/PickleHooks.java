package dev.latentj.convert;

import java.io.IOException;

/**
 * The only ways a pickle can reach beyond plain data. The unpickler itself knows no classes: a hook
 * decides what a global means, and must throw {@link UnsafePickleException} for anything not allowed.
 */
interface PickleHooks {
    Object global(String module, String name) throws IOException;

    Object reduce(Object callable, PyTuple args) throws IOException;

    Object persistentLoad(Object pid) throws IOException;

    /** BUILD: apply {@code state} to {@code target}; the stack keeps {@code target}. */
    void build(Object target, Object state) throws IOException;
}
