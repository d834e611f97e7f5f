package dev.latentj.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.io.InputFile;
import dev.latentj.io.JsonError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a benchmark dataset: JSON Lines, a JSON array (SVAMP.json) or iCoT text. Questions get CODI's
 * normalisation ({@code strip().replace('  ', ' ')}, as test.py does before tokenising); gold answers CODI's
 * float rule ({@link GoldAnswer}).
 */
public final class DatasetLoader {
    private DatasetLoader() {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public static Dataset load(Path file, DatasetFormat format) {
        return load(file, format, Integer.MAX_VALUE);
    }

    /** The first {@code limit} problems of {@code file}; rows after them are not read. */
    public static Dataset load(Path file, DatasetFormat format, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        try {
            List<Line> lines = readLines(file);
            Line first = lines.stream().filter(l -> !l.text().isBlank()).findFirst()
                    .orElseThrow(() -> new DatasetException(file + ": the file is empty"));
            String head = first.text().strip();
            if (format == DatasetFormat.ICOT || (format == DatasetFormat.AUTO && !head.startsWith("{")
                    && !head.startsWith("[") && head.contains("||"))) {
                return icot(file, lines, limit);
            }
            if (head.startsWith("[")) return jsonArray(file, format, limit);
            if (head.startsWith("{")) return jsonLines(file, format, lines, limit);
            throw DatasetException.at(file, Integer.toString(first.number()),
                    "not JSON Lines, a JSON array or iCoT 'question||cot #### answer' text");
        } catch (NoSuchFileException e) {
            throw new DatasetException("dataset not found: " + file, e);
        } catch (IOException e) {
            // a FileSystemException's message already starts with the path
            throw new UncheckedIOException(e instanceof FileSystemException ? "dataset " + e.getMessage()
                    : "cannot read dataset " + file + ": " + e.getMessage(), e);
        }
    }

    private record Line(int number, String text) {}

    private static List<Line> readLines(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        // strict UTF-8: a bad byte is an error with its offset, not "Input length = 1"
        for (String s : (Iterable<String>) InputFile.readUtf8(file).lines()::iterator) {
            if (lines.isEmpty() && s.startsWith("\uFEFF")) s = s.substring(1);
            lines.add(new Line(lines.size() + 1, s));
        }
        return lines;
    }

    private static Dataset jsonLines(Path file, DatasetFormat format, List<Line> lines, int limit) {
        List<Problem> problems = new ArrayList<>();
        RowSchema schema = null;
        for (Line line : lines) {
            if (problems.size() == limit) break;
            if (line.text().isBlank()) continue;
            String where = Integer.toString(line.number());
            JsonNode row;
            try {
                row = JSON.readTree(line.text());
            } catch (JsonProcessingException e) {
                if (problems.isEmpty() && isJson(file)) {
                    throw DatasetException.at(file, where, "valid JSON, but not a dataset: expected JSON Lines "
                            + "(one problem object per line) or a JSON array of problems");
                }
                throw DatasetException.at(file, where, "not valid JSON: " + JsonError.reason(e));
            }
            if (schema == null) schema = schemaFor(file, where, format, row);
            problems.add(problem(file, where, format, schema, row, problems.size()));
        }
        return new Dataset(file, "jsonl " + schema.label, problems);
    }

    private static Dataset jsonArray(Path file, DatasetFormat format, int limit) throws IOException {
        JsonNode array;
        try {
            array = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw DatasetException.at(file, Integer.toString(e.getLocation() == null ? 0 : e.getLocation().getLineNr()),
                    "not valid JSON: " + JsonError.reason(e));
        }
        if (!array.isArray() || array.isEmpty()) throw new DatasetException(file + ": expected a non-empty JSON array");
        RowSchema schema = schemaFor(file, "item 0", format, array.get(0));
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < array.size() && problems.size() < limit; i++) {
            problems.add(problem(file, "item " + i, format, schema, array.get(i), i));
        }
        return new Dataset(file, "json array " + schema.label, problems);
    }

    /** Whether the whole file is one JSON value (a pretty-printed object reads as broken JSON Lines). */
    private static boolean isJson(Path file) {
        try {
            JSON.readTree(file.toFile());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static RowSchema schemaFor(Path file, String where, DatasetFormat format, JsonNode row) {
        RowSchema wanted = switch (format) {
            case AUTO -> RowSchema.recognise(row).orElseThrow(() -> DatasetException.at(file, where,
                    "cannot recognise the dataset from fields " + fieldNames(row) + "; expected one of: "
                            + RowSchema.expected() + " (or pass --format)"));
            case GSM8K, JSONL -> RowSchema.QA;
            case SVAMP -> RowSchema.SVAMP;
            case PAL -> RowSchema.PAL;
            case ICOT -> throw new IllegalStateException("iCoT text is read line by line");
        };
        return wanted;
    }

    private static Problem problem(Path file, String where, DatasetFormat format, RowSchema schema, JsonNode row,
                                   int index) {
        if (!schema.fits(row)) {
            throw DatasetException.at(file, where, "expected " + schema.label + " fields, found " + fieldNames(row));
        }
        try {
            String question = normalise(schema.question(row));
            JsonNode answer = schema.answer(row);
            double gold;
            String goldText;
            if (answer.isNumber()) {
                gold = answer.doubleValue();
                goldText = answer.asText();
            } else if (answer.isTextual()) {
                goldText = answer.asText();
                if (format == DatasetFormat.GSM8K && !goldText.contains("####")) {
                    throw new IllegalArgumentException("GSM8K answer does not end in '#### N'");
                }
                gold = GoldAnswer.parse(goldText);
            } else {
                throw new IllegalArgumentException("answer is neither a number nor a string: " + answer);
            }
            return new Problem(index, question, gold, goldText, schema.extras(row));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw DatasetException.at(file, where, e.getMessage());
        }
    }

    private static Dataset icot(Path file, List<Line> lines, int limit) {
        List<Problem> problems = new ArrayList<>();
        for (Line line : lines) {
            if (problems.size() == limit) break;
            if (line.text().isBlank()) continue;
            String where = Integer.toString(line.number());
            int bars = line.text().indexOf("||");
            if (bars < 0) throw DatasetException.at(file, where, "expected 'question||cot #### answer', found no '||'");
            String target = line.text().substring(bars + 2);
            int hashes = target.lastIndexOf("####");
            if (hashes < 0) throw DatasetException.at(file, where, "expected '#### answer' after '||'");
            try {
                double gold = GoldAnswer.parse(target);
                problems.add(new Problem(problems.size(), normalise(line.text().substring(0, bars)), gold, target,
                        Map.of("cot", target.substring(0, hashes).strip())));
            } catch (NumberFormatException e) {
                throw DatasetException.at(file, where, e.getMessage());
            }
        }
        return new Dataset(file, "iCoT text question||cot #### answer", problems);
    }

    /** CODI's test.py: {@code question.strip().replace('  ', ' ')} (one pass, as Python's replace). */
    static String normalise(String question) {
        return question.strip().replace("  ", " ");
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        if (row.isObject()) row.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
