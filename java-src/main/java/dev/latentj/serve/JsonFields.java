package dev.latentj.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.params.Param;

import java.io.IOException;

/**
 * Typed reads of request fields: each wrong type or value is a 400 that names the field ({@code param}).
 * Absent and JSON null both read as null.
 */
final class JsonFields {
    // a 1 MB body can nest deeply: no request field needs more than a few levels
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode node;
    private final String prefix;

    private JsonFields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** The request body as a JSON object; 400 when it is not one. */
    static JsonFields parse(byte[] body) {
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(null, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalid(null, "the body could not be read");
        }
        if (n == null || !n.isObject()) throw ApiException.invalid(null, "the body must be a JSON object");
        return new JsonFields((ObjectNode) n, "");
    }

    String name(String field) {
        return prefix + field;
    }

    JsonNode get(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String field) {
        return get(field) != null;
    }

    /** A nested object (null when absent). */
    JsonFields object(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isObject()) throw ApiException.invalid(name(field), name(field) + " must be an object");
        return new JsonFields((ObjectNode) v, name(field) + ".");
    }

    String string(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isTextual()) throw ApiException.invalid(name(field), name(field) + " must be a string");
        return v.textValue();
    }

    Boolean bool(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isBoolean()) throw ApiException.invalid(name(field), name(field) + " must be a boolean");
        return v.booleanValue();
    }

    Long integer(String field, long min, long max) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw ApiException.invalid(name(field), name(field) + " must be an integer");
        }
        long x = v.longValue();
        if (x < min || x > max) throw ApiException.invalid(name(field), name(field) + " must be in [" + min + ", " + max + "], got " + x);
        return x;
    }

    Integer integer(String field, int min, int max) {
        Long x = integer(field, (long) min, (long) max);
        return x == null ? null : x.intValue();
    }

    /** A number in the range of the CLI option {@code p}. */
    Double number(String field, Param p) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isNumber() || !p.contains(v.doubleValue())) {
            throw ApiException.invalid(name(field), name(field) + " must be " + p.range() + ", got " + v);
        }
        return v.doubleValue();
    }

    Float number32(String field, Param p) {
        Double x = number(field, p);
        return x == null ? null : x.floatValue();
    }

    /** An integer in the range of the CLI option {@code p}, as an int. */
    Integer integer(String field, Param p) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || !p.contains(v.intValue())) {
            throw ApiException.invalid(name(field), name(field) + " must be " + p.range() + " (at most " + Integer.MAX_VALUE + "), got " + v);
        }
        return v.intValue();
    }

    /** A finite number in [min, max] (or (min, max] when {@code openMin}). */
    Double number(String field, double min, boolean openMin, double max) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isNumber()) throw ApiException.invalid(name(field), name(field) + " must be a number");
        double x = v.doubleValue();
        boolean low = openMin ? x > min : x >= min;
        if (!Double.isFinite(x) || !low || x > max) {
            throw ApiException.invalid(name(field), name(field) + " must be in " + (openMin ? "(" : "[") + min + ", " + max + "], got " + v.asText());
        }
        return x;
    }
}
