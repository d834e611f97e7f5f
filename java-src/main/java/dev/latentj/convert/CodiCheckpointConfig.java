package dev.latentj.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.io.JsonError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CODI checkpoint's inference settings, read at conversion from codi.json (the CODI training script's
 * arguments; {@code codi.CodiConfig} reads what a converted model's {@code codi.*} metadata says): special ids
 * appended after the base vocabulary (pad = V, bot = V+1, eot = V+2), number of continuous thoughts, projection
 * shape, LoRA rank and alpha.
 * Fields absent from codi.json are null and get defaults from the checkpoint ({@link #withDefaults}).
 *
 * @param botId           {@code bot_id}: the token that starts the latent thoughts; default V+1
 * @param eotId           {@code eot_id}: the token that ends them; default V+2
 * @param padId           {@code pad_id}: the padding token; default V
 * @param numLatent       {@code num_latent}: the number of continuous thoughts; default {@link #DEFAULT_NUM_LATENT}
 * @param prjDim          {@code prj_dim}: the projection's hidden width; default from {@code prj.1.weight}
 * @param prjLayerNorm    whether the projection ends with a LayerNorm ({@code prj_no_ln} negated); default: whether
 *                        {@code prj.ln.weight} exists
 * @param prjLayerNormEps {@code prj_ln_eps}: that LayerNorm's epsilon; default 1e-5
 * @param answerPrompt    {@code answer_prompt}: the text before the answer; default {@link #DEFAULT_ANSWER_PROMPT}
 * @param loraR           {@code lora_r}: the LoRA rank; needed only when the checkpoint has adapters
 * @param loraAlpha       {@code lora_alpha}: the LoRA alpha; needed only when the checkpoint has adapters
 */
public record CodiCheckpointConfig(Integer botId, Integer eotId, Integer padId, Integer numLatent, Integer prjDim,
                                   Boolean prjLayerNorm, Float prjLayerNormEps, String answerPrompt, Integer loraR, Double loraAlpha) {

    /** The file's name, looked up next to the checkpoint. */
    public static final String FILE = "codi.json";
    /**
     * CODI's answer prompt: what its training data puts before the answer. Written to {@code codi.answer_prompt}
     * when codi.json has none, and the one fallback where a model has no such key.
     */
    public static final String DEFAULT_ANSWER_PROMPT = "The answer is:";
    /** CODI's number of continuous thoughts (its training script's default). */
    public static final int DEFAULT_NUM_LATENT = 6;

    /** {@return settings with every field absent, for a checkpoint without codi.json} */
    public static CodiCheckpointConfig empty() {
        return new CodiCheckpointConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * {@return the settings in a codi.json} Unknown keys are ignored.
     *
     * @param file the codi.json
     * @throws IOException when it cannot be read, is not a JSON object, or an id or count is not an int
     */
    public static CodiCheckpointConfig read(Path file) throws IOException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ConversionException(JsonError.describe(file.toString(), e, "a JSON object"), e);
        }
        if (n == null || !n.isObject()) throw new ConversionException(file + ": not a JSON object");
        Boolean noLn = n.has("prj_no_ln") ? n.get("prj_no_ln").asBoolean() : null;
        return new CodiCheckpointConfig(intOrNull(n, file, "bot_id"), intOrNull(n, file, "eot_id"), intOrNull(n, file, "pad_id"),
                intOrNull(n, file, "num_latent"), intOrNull(n, file, "prj_dim"), noLn == null ? null : !noLn,
                n.has("prj_ln_eps") ? (float) n.get("prj_ln_eps").asDouble() : null,
                n.has("answer_prompt") ? n.get("answer_prompt").asText() : null,
                intOrNull(n, file, "lora_r"), n.has("lora_alpha") ? n.get("lora_alpha").asDouble() : null);
    }

    private static Integer intOrNull(JsonNode n, Path file, String key) throws ConversionException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new ConversionException(file + ": " + key + " = " + v + " is not an int");
        return v.asInt();
    }

    /**
     * {@return a copy with LoRA settings from the command line, which override codi.json's}
     *
     * @param r     the rank, or null to keep codi.json's
     * @param alpha the alpha, or null to keep codi.json's
     */
    public CodiCheckpointConfig withLora(Integer r, Double alpha) {
        return new CodiCheckpointConfig(botId, eotId, padId, numLatent, prjDim, prjLayerNorm, prjLayerNormEps, answerPrompt,
                r != null ? r : loraR, alpha != null ? alpha : loraAlpha);
    }

    /** Fills gaps: ids from the vocabulary size, prj_dim and LayerNorm from the tensors present. */
    CodiCheckpointConfig withDefaults(int vocab, int prjDimFromTensors, boolean hasLn) {
        return new CodiCheckpointConfig(botId != null ? botId : vocab - 2, eotId != null ? eotId : vocab - 1,
                padId != null ? padId : vocab - 3, numLatent != null ? numLatent : DEFAULT_NUM_LATENT,
                prjDim != null ? prjDim : prjDimFromTensors, prjLayerNorm != null ? prjLayerNorm : hasLn,
                prjLayerNormEps != null ? prjLayerNormEps : 1e-5f, answerPrompt != null ? answerPrompt : DEFAULT_ANSWER_PROMPT,
                loraR, loraAlpha);
    }

    static CodiCheckpointConfig readOrEmpty(Path dir, Path explicit) throws IOException {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) throw new ConversionException(explicit + ": CODI config not found");
            return read(explicit);
        }
        Path p = dir == null ? null : dir.resolve(FILE);
        return p != null && Files.isRegularFile(p) ? read(p) : empty();
    }
}
