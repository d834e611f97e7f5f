package dev.latentj.convert;

import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CODI module's state dict: the base LM under {@code codi.} (peft-wrapped as {@code codi.base_model.model.} when
 * LoRA was used) plus the projection {@code prj.1} (Linear d→prj_dim), {@code prj.3} (Linear prj_dim→d) and
 * {@code prj.ln} (LayerNorm d, optional). Becomes a plain HF model (prefix stripped, LoRA merged) plus CODI
 * tensors and {@code codi.*} metadata.
 */
public final class CodiCheckpoint {
    /** The prefix of the base model's tensors in the state dict, and of the CODI tensors in the GGUF. */
    public static final String PREFIX = "codi.";
    private static final String PEFT = "base_model.model.";

    /**
     * A CODI checkpoint split for {@link HfConverter#write}.
     *
     * @param model        the base model: prefixes stripped, LoRA merged
     * @param extraTensors the projection under GGUF names ({@code codi.prj.fc1}, {@code fc2}, {@code ln})
     * @param metadata     writes the {@code codi.*} keys
     * @param config       the settings with every gap filled
     */
    public record Prepared(ModelSource model, List<Weight> extraTensors, GgufExtension metadata, CodiCheckpointConfig config) {}

    private CodiCheckpoint() {}

    /**
     * {@return whether a state dict is a CODI module's: some tensor name starts with {@link #PREFIX}}
     *
     * @param tensors the state dict by tensor name
     */
    public static boolean isCodi(Map<String, ?> tensors) {
        return tensors.keySet().stream().anyMatch(n -> n.startsWith(PREFIX));
    }

    /**
     * Splits a CODI state dict into the base model and the projection, merging LoRA adapters and filling the
     * settings codi.json leaves out from the vocabulary size and the tensors.
     *
     * @param tensors the state dict by tensor name
     * @param config  the base model's config.json
     * @param codi    codi.json's settings, with command-line LoRA overrides
     * @param dir     where the tokenizer files are looked up; or null
     * @param name    the model's general.name
     * @return the parts to write
     * @throws ConversionException when a tensor is neither under {@code codi.} nor {@code prj.}, appears twice,
     *                             the projection is missing or misshapen, a special id is outside the vocabulary, or
     *                             LoRA settings are missing
     */
    public static Prepared prepare(Map<String, Weight> tensors, HfConfig config, CodiCheckpointConfig codi, java.nio.file.Path dir, String name)
            throws ConversionException {
        Map<String, Weight> base = new LinkedHashMap<>();
        Map<String, Weight> prj = new LinkedHashMap<>();
        for (Map.Entry<String, Weight> e : tensors.entrySet()) {
            String n = e.getKey();
            if (n.startsWith("prj.")) {
                prj.put(n, e.getValue());
            } else if (n.startsWith(PREFIX)) {
                String s = n.substring(PREFIX.length());
                if (s.startsWith(PEFT)) s = s.substring(PEFT.length());
                if (base.put(s, e.getValue().renamed(s)) != null) throw new ConversionException("tensor '" + s + "' appears twice after stripping prefixes");
            } else {
                throw new ConversionException("tensor '" + n + "' is neither under 'codi.' nor 'prj.' in a CODI checkpoint");
            }
        }
        Map<String, Weight> merged = LoraMerge.merge(base, codi.loraR(), codi.loraAlpha());

        int vocab = config.requireInt("vocab_size");
        int d = config.requireInt("hidden_size", "n_embd");
        Weight fc1w = prj.get("prj.1.weight");
        if (fc1w == null) throw new ConversionException("CODI checkpoint has no projection tensor 'prj.1.weight'");
        CodiCheckpointConfig c = codi.withDefaults(vocab, (int) fc1w.dim(0), prj.containsKey("prj.ln.weight"));
        for (var id : List.of(Map.entry("bot_id", c.botId()), Map.entry("eot_id", c.eotId()), Map.entry("pad_id", c.padId()))) {
            if (id.getValue() < 0 || id.getValue() >= vocab) {
                throw new ConversionException("CODI " + id.getKey() + " " + id.getValue() + " is outside the vocabulary (vocab_size " + vocab + ")");
            }
        }
        long p = c.prjDim();
        WeightTaker t = new WeightTaker(prj);
        t.emit(t.take("prj.1.weight", p, d).renamed("codi.prj.fc1.weight"));
        t.emit(t.take("prj.1.bias", p).renamed("codi.prj.fc1.bias"));
        t.emit(t.take("prj.3.weight", d, p).renamed("codi.prj.fc2.weight"));
        t.emit(t.take("prj.3.bias", d).renamed("codi.prj.fc2.bias"));
        if (c.prjLayerNorm()) {
            t.emit(t.take("prj.ln.weight", d).renamed("codi.prj.ln.weight"));
            t.emit(t.take("prj.ln.bias", d).renamed("codi.prj.ln.bias"));
        }
        List<Weight> extra = new ArrayList<>(t.finish());

        GgufExtension md = (GgufWriter w, ModelSource s) -> {
            w.putU32(GgufKeys.CODI_BOT_ID, c.botId());
            w.putU32(GgufKeys.CODI_EOT_ID, c.eotId());
            w.putU32(GgufKeys.CODI_PAD_ID, c.padId());
            w.putU32(GgufKeys.CODI_NUM_LATENT, c.numLatent());
            w.putU32(GgufKeys.CODI_PRJ_DIM, c.prjDim());
            w.putBool(GgufKeys.CODI_PRJ_LAYERNORM, c.prjLayerNorm());
            w.putF32(GgufKeys.CODI_PRJ_LAYERNORM_EPS, c.prjLayerNormEps());
            w.putString(GgufKeys.CODI_ANSWER_PROMPT, c.answerPrompt());
        };
        return new Prepared(new ModelSource(config, merged, dir, name), extra, md, c);
    }
}
