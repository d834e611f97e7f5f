package dev.latentj.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Jackson's errors as one line that names the file and the position: its own messages carry parser internals
 * ("enable JsonReadFeature…", "Source: REDACTED", token class names) that say nothing to whoever wrote the file.
 */
public final class JsonError {
    private JsonError() {}

    /**
     * {@return "FILE, line L, column C: invalid JSON (REASON)" or, for valid JSON of the wrong shape,
     * "...: expected EXPECTED"} The line and column are left out when Jackson gives none.
     *
     * @param file     what the message calls the file
     * @param e        Jackson's error
     * @param expected the shape the file should have, e.g. "a JSON object"
     */
    public static String describe(String file, JacksonException e, String expected) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? file : file + ", line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (e instanceof MismatchedInputException) return where + ": expected " + expected;
        return where + ": invalid JSON (" + reason(e) + ")";
    }

    /**
     * {@return the parser's first clause, or "unreadable" when it has no message} For example "Unexpected
     * character ('x' (code 120))" or "Unexpected end-of-input".
     *
     * @param e Jackson's error
     */
    public static String reason(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null || m.isBlank()) return "unreadable";
        int colon = m.indexOf(": ");
        String first = (colon > 0 ? m.substring(0, colon) : m).strip();
        int internals = first.indexOf(" (token `");
        return internals > 0 ? first.substring(0, internals) : first;
    }
}
