package dev.latentj.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads training problems: JSON Lines with {@code question}, {@code cot} and {@code answer} (CODI's GSM8k-Aug
 * fields), or GSM8k-Aug iCoT text, one {@code question||<<e1>> <<e2>> #### answer} a line.
 */
public final class TrainData {
    private TrainData() {}

    /** How the file is written. */
    public enum Format {
        /** From the first line: JSON when it starts with '{'. */
        AUTO,
        /** JSON Lines with question, cot and answer. */
        JSONL,
        /** GSM8k-Aug iCoT text: question||cot #### answer. */
        ICOT
    }

    /**
     * {@return the problems of a file, in file order}
     *
     * @param file   the training data
     * @param format how it is written
     * @throws IOException when it cannot be read; a {@link TrainDataException} names the line
     */
    public static List<TrainItem> read(Path file, Format format) throws IOException {
        List<TrainItem> items = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Format f = format;
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                if (f == Format.AUTO) f = line.stripLeading().startsWith("{") ? Format.JSONL : Format.ICOT;
                try {
                    items.add(f == Format.JSONL ? jsonl(json, line) : icot(line));
                } catch (IllegalArgumentException e) {
                    throw new TrainDataException(file + ":" + n + ": " + e.getMessage());
                }
            }
        }
        if (items.isEmpty()) throw new TrainDataException(file + ": no training problems");
        return items;
    }

    private static TrainItem jsonl(ObjectMapper json, String line) {
        JsonNode o;
        try {
            o = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
        return new TrainItem(text(o, "question"), o.has("cot") ? text(o, "cot") : "", text(o, "answer"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) throw new IllegalArgumentException("field '" + field + "' missing or not text");
        return v.asText();
    }

    // question||cot #### answer; the answer loses its thousands commas, as CODI's loader does
    private static TrainItem icot(String line) {
        int bar = line.indexOf("||");
        if (bar < 0) throw new IllegalArgumentException("no '||' between question and chain of thought");
        String rest = line.substring(bar + 2);
        int hash = rest.lastIndexOf("####");
        if (hash < 0) throw new IllegalArgumentException("no '####' before the answer");
        String answer = rest.substring(hash + 4).strip().replace(",", "");
        if (answer.isEmpty()) throw new IllegalArgumentException("empty answer");
        return new TrainItem(line.substring(0, bar).strip(), rest.substring(0, hash).strip(), answer);
    }
}
