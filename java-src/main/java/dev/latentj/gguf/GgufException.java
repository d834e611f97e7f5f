package dev.latentj.gguf;

import java.io.IOException;

/**
 * A GGUF file is malformed or a metadata value is missing or of the wrong type.
 * Checked (an {@link IOException}) because it is about untrusted input, not a programming error;
 * the message always names the problem (key, tensor, byte offset).
 */
public class GgufException extends IOException {
    /**
     * A problem found in the file's contents.
     *
     * @param message what is wrong and where (key, tensor, byte offset)
     */
    public GgufException(String message) { super(message); }

    /**
     * A problem found in the file's contents, reported again with more context.
     *
     * @param message what is wrong and where (key, tensor, byte offset)
     * @param cause   the error this one adds context to, e.g. the parser's, which does not know the file's path
     */
    public GgufException(String message, Throwable cause) { super(message, cause); }
}
