package dev.latentj.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code --format} values. {@code auto} recognises every other one, plus the Hugging Face field names CODI loads. */
public enum DatasetFormat {
    /** Recognised from the file: JSON array or lines, and the first row's field names. */
    AUTO,
    /** GSM8K jsonl: {@code question}, {@code answer} ending in {@code #### N} (required). */
    GSM8K,
    /** jsonl with {@code question} and {@code answer} (number or string; CODI's gold rule). */
    JSONL,
    /** SVAMP.json: array of {@code Body}, {@code Question}, {@code Answer}. */
    SVAMP,
    /** PAL jsonl (MultiArith, GSM-Hard): {@code input}, {@code target}. */
    PAL,
    /** GSM8k-Aug iCoT text: {@code question||cot #### answer} per line. */
    ICOT;

    /** The name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DatasetFormat parse(String id) {
        for (DatasetFormat f : values()) {
            if (f.id().equalsIgnoreCase(id.strip())) return f;
        }
        throw new IllegalArgumentException("unknown dataset format '" + id + "'; expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(DatasetFormat::id).collect(Collectors.joining(", "));
    }
}
