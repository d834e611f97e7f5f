package dev.latentj.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.io.JsonError;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Hugging Face {@code config.json}, with getters that try llama.cpp's alternative key names and name the key on failure. */
public record HfConfig(JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    public static HfConfig of(String json) throws IOException {
        return new HfConfig(JSON.readTree(json));
    }

    public boolean has(String key) {
        JsonNode v = json.get(key);
        return v != null && !v.isNull();
    }

    public String modelType() { return json.path("model_type").asText(""); }

    /** The first of {@code architectures}, or "". */
    public String architecture() { return json.path("architectures").path(0).asText(""); }

    /** The first present key, as an int. */
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

    public Integer optInt(String... keys) throws ConversionException {
        for (String k : keys) if (has(k)) return requireInt(k);
        return null;
    }

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

    public Double optDouble(String... keys) throws ConversionException {
        for (String k : keys) if (has(k)) return requireDouble(k);
        return null;
    }

    public boolean bool(String key, boolean def) {
        JsonNode v = json.get(key);
        return v == null || v.isNull() ? def : v.asBoolean(def);
    }

    /** {@code rope_parameters} (transformers 5) or {@code rope_scaling} (4.x), or an empty node. */
    public JsonNode rope() {
        JsonNode r = json.get("rope_parameters");
        if (r == null || r.isNull()) r = json.get("rope_scaling");
        if (r == null || r.isNull()) return JSON.createObjectNode();
        JsonNode full = r.get("full_attention");
        return full != null && full.isObject() ? full : r;
    }

    /** rope_theta from the rope parameters or the top level; 10000 if absent (llama.cpp's default). */
    public double ropeTheta() throws ConversionException {
        JsonNode r = rope().get("rope_theta");
        if (r != null && r.isNumber()) return r.asDouble();
        Double top = optDouble("rope_theta", "rotary_emb_base");
        return top != null ? top : 10000.0;
    }

    /** rope_type ("default", "linear", "llama3", ...) or "default". */
    public String ropeType() {
        JsonNode r = rope();
        String t = r.path("rope_type").asText("");
        if (t.isEmpty()) t = r.path("type").asText("");
        return t.isEmpty() ? "default" : t;
    }
}
