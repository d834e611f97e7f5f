package dev.latentj.bench;

import java.util.regex.Pattern;

/**
 * CODI's gold rule (test.py): the text after the last {@code ####} if there is one, else the whole field;
 * commas removed; cast to float.
 */
public final class GoldAnswer {
    private GoldAnswer() {}

    // What Python's float() accepts for a plain decimal; Java's parseDouble alone would also take "1d" or "0x1p3".
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** The gold value, or throws {@link NumberFormatException} saying what was there. */
    public static double parse(String field) {
        int hashes = field.lastIndexOf("####");
        String s = (hashes >= 0 ? field.substring(hashes + 4) : field).replace(",", "").strip();
        if (!DECIMAL.matcher(s).matches()) {
            throw new NumberFormatException("gold answer '" + abbreviate(s) + "' is not a number");
        }
        return Double.parseDouble(s);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
