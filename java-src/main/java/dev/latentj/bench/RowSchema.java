package dev.latentj.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which fields of a JSON row hold the question and the answer. One schema per file, taken from its first row:
 * the local copies in shared/data and the Hugging Face field names CODI's test.py loads.
 */
enum RowSchema {
    QA("question/answer", List.of("question"), "answer"),
    SVAMP("SVAMP Body/Question/Answer", List.of("Body", "Question"), "Answer"),
    SVAMP_HF("SVAMP question_concat/Answer", List.of("question_concat"), "Answer"),
    PAL("PAL input/target", List.of("input"), "target"),
    GSM_HARD_HF("GSM-Hard instruction/response", List.of("instruction"), "response"),
    MULTIARITH_HF("MultiArith question/final_ans", List.of("question"), "final_ans");

    final String label;
    private final List<String> questionFields;
    private final String answerField;

    RowSchema(String label, List<String> questionFields, String answerField) {
        this.label = label;
        this.questionFields = questionFields;
        this.answerField = answerField;
    }

    /** The first schema whose fields the row has; the order puts QA before MultiArith's question/final_ans. */
    static Optional<RowSchema> recognise(JsonNode row) {
        for (RowSchema s : values()) {
            if (s.fits(row)) return Optional.of(s);
        }
        return Optional.empty();
    }

    static String expected() {
        StringBuilder sb = new StringBuilder();
        for (RowSchema s : values()) sb.append(sb.isEmpty() ? "" : ", ").append(s.label);
        return sb.toString();
    }

    boolean fits(JsonNode row) {
        return row.isObject() && row.has(answerField) && questionFields.stream().allMatch(row::has);
    }

    /** The question text before CODI's normalisation; SVAMP joins Body and Question as ChilleD's question_concat. */
    String question(JsonNode row) {
        StringBuilder sb = new StringBuilder();
        for (String f : questionFields) {
            JsonNode v = row.get(f);
            if (v == null || !v.isTextual()) throw new IllegalArgumentException("field '" + f + "' is not a string");
            sb.append(sb.isEmpty() ? "" : " ").append(questionFields.size() > 1 ? v.asText().strip() : v.asText());
        }
        return sb.toString();
    }

    JsonNode answer(JsonNode row) {
        return row.get(answerField);
    }

    /** Every field the schema does not consume, as text: what reference outputs and CoTs travel in. */
    Map<String, String> extras(JsonNode row) {
        Map<String, String> extras = new LinkedHashMap<>();
        row.properties().forEach(e -> {
            String k = e.getKey();
            if (k.equals(answerField) || questionFields.contains(k) || e.getValue().isNull()) return;
            JsonNode v = e.getValue();
            extras.put(k, v.isValueNode() ? v.asText() : v.toString());
        });
        return extras;
    }
}
