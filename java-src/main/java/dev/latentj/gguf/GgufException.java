package dev.latentj.gguf;

import java.io.IOException;

/**
 * A GGUF file is malformed or a metadata value is missing or of the wrong type.
 * Checked (an {@link IOException}) because it is about untrusted input, not a programming error;
 * the message always names the problem (key, tensor, byte offset).
 */
public class GgufException extends IOException {
    public GgufException(String message) { super(message); }

    public GgufException(String message, Throwable cause) { super(message, cause); }
}
