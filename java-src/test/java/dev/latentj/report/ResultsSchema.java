package dev.latentj.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The project's results.json schema (a main resource), through networknt's draft 2020-12 validator. */
final class ResultsSchema {
    private ResultsSchema() {}

    private static final JsonSchema SCHEMA = load();

    static List<String> errors(JsonNode json) {
        return SCHEMA.validate(json).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    static void assertValid(Path resultsJson) throws IOException {
        assertEquals(List.of(), errors(new ObjectMapper().readTree(resultsJson.toFile())), resultsJson.toString());
    }

    private static JsonSchema load() {
        try (InputStream in = Report.class.getResourceAsStream("results.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
