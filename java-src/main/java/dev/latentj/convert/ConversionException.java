package dev.latentj.convert;

import java.io.IOException;

/** A checkpoint cannot be converted: malformed input, missing tensor, shape or config mismatch. */
public class ConversionException extends IOException {
    public ConversionException(String message) { super(message); }

    public ConversionException(String message, Throwable cause) { super(message, cause); }
}
