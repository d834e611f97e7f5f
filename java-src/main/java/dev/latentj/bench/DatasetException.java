package dev.latentj.bench;

import java.nio.file.Path;

/** A dataset file that cannot be read as problems; the message names the file and, where known, the line. */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code file:where: reason}, the shape compilers use, so editors can jump to it. */
    static DatasetException at(Path file, String where, String reason) {
        return new DatasetException(file + ":" + where + ": " + reason);
    }
}
