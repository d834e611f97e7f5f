package dev.latentj.convert;

import java.io.IOException;

/** A checkpoint cannot be converted: malformed input, missing tensor, shape or config mismatch. */
public class ConversionException extends IOException {
    /**
     * A conversion error found in the input.
     *
     * @param message what is wrong and where (file, tensor, key)
     */
    public ConversionException(String message) { super(message); }

    /**
     * A conversion error with the failure that revealed it.
     *
     * @param message what is wrong and where (file, tensor, key)
     * @param cause   the lower-level error, e.g. Jackson's on a malformed JSON file
     */
    public ConversionException(String message, Throwable cause) { super(message, cause); }
}
