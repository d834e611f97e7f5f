package dev.latentj.cli;

import com.fasterxml.jackson.core.JacksonException;
import dev.latentj.io.JsonError;

import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one line {@code error: ...} says for an exception: the JDK's file errors get the reason they leave out
 * (a NoSuchFileException's message is the bare path), and no library internals or stack traces reach the user.
 */
final class ErrorMessages {
    private ErrorMessages() {}

    static String of(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null && u.getMessage() == null) e = u.getCause();
        String m = switch (e) {
            case FileSystemException f when f.getReason() == null -> f.getFile() + ": " + reason(f);
            case JacksonException j -> JsonError.describe("input", j, "another JSON value");
            case CharacterCodingException c -> "input is not valid UTF-8 text";
            case OutOfMemoryError o -> "out of memory (" + o.getMessage() + "); raise -Xmx in LATENTJ_JAVA_OPTS";
            case StackOverflowError s -> "input nested too deeply";
            default -> e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                    : "internal error: " + e.getClass().getName() + " (--verbose shows where)";
        };
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static String reason(FileSystemException f) {
        return switch (f) {
            case NoSuchFileException n -> "no such file or directory";
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException a -> "already exists";
            case NotDirectoryException n -> "not a directory";
            default -> "cannot access (" + f.getClass().getSimpleName() + ")";
        };
    }
}
