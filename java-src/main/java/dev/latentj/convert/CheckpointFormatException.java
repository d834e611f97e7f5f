package dev.latentj.convert;

import java.io.IOException;

/** A checkpoint file is malformed, truncated or uses a variant this reader does not support. */
public class CheckpointFormatException extends IOException {
    /**
     * A checkpoint this reader cannot take.
     *
     * @param message what is wrong and where (file, entry)
     */
    public CheckpointFormatException(String message) { super(message); }
}
