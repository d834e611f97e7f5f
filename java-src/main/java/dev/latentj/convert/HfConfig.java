package dev.latentj.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.io.JsonError;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Hugging Face {@code config.json}, with getters that try llama.cpp's alternative key names and name the key on
 * failure.
 *
 * @param json the file's object; a multimodal model's {@code text_config} already merged in by {@link #read}
 */
public record HfConfig(JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@return the config in {@code file}} A multimodal wrapper's {@code text_config} overrides its top-level keys,
     * as in llama.cpp.
     *
     * @param file a config.json
     * @throws IOException when it is missing, unreadable, or not a JSON object
     */
    public static HfConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new ConversionException(file + ": config.json not found");
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) throw new ConversionException(file + ": not a JSON object");
            // multimodal wrappers keep the text model's parameters in text_config (as llama.cpp does)
            if (n.get("text_config") instanceof ObjectNode text) {
                ObjectNode merged = ((ObjectNode) n).deepCopy();
                merged.setAll(text);
                n = merged;
            }
            return new HfConfig(n);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ConversionException(JsonError.describe(file.toString(), e, "a JSON object"), e);
        }
    }

    /**
     * {@return the config in a JSON text, as is: without {@link #read}'s {@code text_config} merge}
     *
     * @param json the text of a config.json
     * @throws IOException when it is not valid JSON
     */
    public static HfConfig of(String json) throws IOException {
        return new HfConfig(JSON.readTree(json));
    }

    /**
     * {@return whether {@code key} is present and not null}
     *
     * @param key a top-level key
     */
    public boolean has(String key) {
        JsonNode v = json.get(key);
        return v != null && !v.isNull();
    }

    /** {@return {@code model_type}, or ""} */
    public String modelType() { return json.path("model_type").asText(""); }

    /** {@return the first of {@code architectures}, or ""} */
    public String architecture() { return json.path("architectures").path(0).asText(""); }

    /**
     * {@return the value of the first present key, as an int}
     *
     * @param keys alternative names of one value, preferred first (e.g. {@code hidden_size}, {@code n_embd})
     * @throws ConversionException naming the keys when none is present, or the key when its value is not an int
     */
    public int requireInt(String... keys) throws ConversionException {
        for (String k : keys) {
            JsonNode v = json.get(k);
            if (v != null && !v.isNull()) {
                if (!v.canConvertToInt() || !v.isIntegralNumber()) throw new ConversionException("config.json: " + k + " = " + v + " is not an int");
                return v.asInt();
            }
        }
        throw new ConversionException("config.json: missing " + String.join(" / ", keys));
    }

    /**
     * {@return as {@link #requireInt}, or null when no key is present}
     *
     * @param keys alternative names of one value, preferred first
     * @throws ConversionException naming the key when its value is not an int
     */
    public Integer optInt(String... keys) throws ConversionException {
        for (String k : keys) if (has(k)) return requireInt(k);
        return null;
    }

    /**
     * {@return the value of the first present key, as a double}
     *
     * @param keys alternative names of one value, preferred first
     * @throws ConversionException naming the keys when none is present, or the key when its value is not a number
     */
    public double requireDouble(String... keys) throws ConversionException {
        for (String k : keys) {
            JsonNode v = json.get(k);
            if (v != null && !v.isNull()) {
                if (!v.isNumber()) throw new ConversionException("config.json: " + k + " = " + v + " is not a number");
                return v.asDouble();
            }
        }
        throw new ConversionException("config.json: missing " + String.join(" / ", keys));
    }

    /**
     * {@return as {@link #requireDouble}, or null when no key is present}
     *
     * @param keys alternative names of one value, preferred first
     * @throws ConversionException naming the key when its value is not a number
     */
    public Double optDouble(String... keys) throws ConversionException {
        for (String k : keys) if (has(k)) return requireDouble(k);
        return null;
    }

    /**
     * {@return the boolean value of {@code key}, or {@code def} when it is absent, null or not a boolean}
     *
     * @param key a top-level key
     * @param def the default
     */
    public boolean bool(String key, boolean def) {
        JsonNode v = json.get(key);
        return v == null || v.isNull() ? def : v.asBoolean(def);
    }

    /**
     * {@return {@code rope_parameters} (transformers 5) or {@code rope_scaling} (4.x), or an empty node} Where the
     * parameters differ per attention kind, those of {@code full_attention}.
     */
    public JsonNode rope() {
        JsonNode r = json.get("rope_parameters");
        if (r == null || r.isNull()) r = json.get("rope_scaling");
        if (r == null || r.isNull()) return JSON.createObjectNode();
        JsonNode full = r.get("full_attention");
        return full != null && full.isObject() ? full : r;
    }

    /**
     * {@return rope_theta from the rope parameters or the top level, 10000 if absent (llama.cpp's default)}
     *
     * @throws ConversionException when the top-level value is not a number
     */
    public double ropeTheta() throws ConversionException {
        JsonNode r = rope().get("rope_theta");
        if (r != null && r.isNumber()) return r.asDouble();
        Double top = optDouble("rope_theta", "rotary_emb_base");
        return top != null ? top : 10000.0;
    }

    /** {@return rope_type ("default", "linear", "llama3", ...), or "default" when absent} */
    public String ropeType() {
        JsonNode r = rope();
        String t = r.path("rope_type").asText("");
        if (t.isEmpty()) t = r.path("type").asText("");
        return t.isEmpty() ? "default" : t;
    }
}
