package dev.latentj.convert;

import java.io.IOException;

/**
 * A pickle asks for something outside the tensor-rebuilding allow-list (e.g. {@code os.system}).
 * Nothing was executed: the restricted unpickler refuses as soon as it sees the reference.
 */
public final class UnsafePickleException extends IOException {
    /**
     * A refused pickle.
     *
     * @param message what was asked for (e.g. the global {@code posix.system}) and where
     */
    public UnsafePickleException(String message) { super(message); }
}
