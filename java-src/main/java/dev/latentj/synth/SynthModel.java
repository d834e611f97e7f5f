package dev.latentj.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latentj.convert.ConversionException;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.GgufExtension;
import dev.latentj.convert.HfConfig;
import dev.latentj.convert.HfConverter;
import dev.latentj.convert.ModelSource;
import dev.latentj.convert.ProgressListener;
import dev.latentj.convert.Weight;
import dev.latentj.gguf.GgmlType;
import dev.latentj.tokenizer.TokenType;
import dev.latentj.tokenizer.VocabData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model file with random weights at a real model's shape, for speed work only. The checkpoint a Hugging Face
 * model of the config would have is made up tensor by tensor and goes through the ordinary converter (the same
 * tensor mapping, llama.cpp's per-tensor types, ggml's quantisers), streamed to disk one tensor at a time.
 * The tokenizer is a real one, so llama.cpp loads the file too (unless it carries CODI's extra tensors).
 */
public final class SynthModel {
    /** CODI's special tokens, appended after the base vocabulary as its converter does. */
    static final List<String> CODI_TOKENS = List.of("<|pad|>", "<|bot|>", "<|eot|>");

    private SynthModel() {}

    /**
     * @param codi add CODI's projection (Linear, GELU, Linear, LayerNorm at the model's width), its three special
     *             tokens and the codi.* metadata
     */
    public static void write(String name, HfConfig config, VocabData vocab, GgmlType type, boolean codi, long seed, Path out,
                             ProgressListener progress) throws IOException {
        VocabData v = codi ? vocab.withAppended(CODI_TOKENS, TokenType.CONTROL) : vocab;
        ObjectNode json = ((ObjectNode) config.json()).deepCopy();
        json.put("vocab_size", v.size()); // the tokenizer decides: a model's embedding has one row per token
        HfConfig c = new HfConfig(json);

        List<Weight> extra = new ArrayList<>();
        GgufExtension ext = (w, src) -> v.writeTo(w);
        if (codi) {
            int d = c.requireInt("hidden_size", "n_embd");
            int base = vocab.size();
            extra.add(RandomWeights.of("codi.prj.fc1.weight", seed, d, d));
            extra.add(RandomWeights.of("codi.prj.fc1.bias", seed, d));
            extra.add(RandomWeights.of("codi.prj.fc2.weight", seed, d, d));
            extra.add(RandomWeights.of("codi.prj.fc2.bias", seed, d));
            extra.add(RandomWeights.of("codi.prj.ln.weight", seed, d));
            extra.add(RandomWeights.of("codi.prj.ln.bias", seed, d));
            ext = ext.andThen((w, src) -> {
                w.putU32("codi.bot_token_id", base + 1);
                w.putU32("codi.eot_token_id", base + 2);
                w.putU32("codi.pad_token_id", base);
                w.putU32("codi.num_latent", 6);
                w.putU32("codi.prj_dim", d);
                w.putBool("codi.prj_layernorm", true);
                w.putF32("codi.prj_layernorm_eps", 1e-5f);
                w.putString("codi.answer_prompt", "The answer is:");
            });
        }
        ModelSource src = new ModelSource(c, checkpoint(c, seed), null, name);
        HfConverter.write(src, extra, out, ConvertOptions.of(type).withExtension(ext).withProgress(progress));
    }

    /** The tensors of a Hugging Face checkpoint of this config, by name (GPT2LMHeadModel, or the Llama/Qwen layout). */
    static Map<String, Weight> checkpoint(HfConfig c, long seed) throws ConversionException {
        Map<String, Weight> w = new LinkedHashMap<>();
        String mt = c.modelType();
        long vocab = c.requireInt("vocab_size");
        if (mt.equals("gpt2")) {
            long e = c.requireInt("n_embd"), ctx = c.requireInt("n_positions", "n_ctx");
            Integer inner = c.optInt("n_inner");
            long ff = inner != null ? inner : 4 * e;
            add(w, seed, "wte.weight", vocab, e);
            add(w, seed, "wpe.weight", ctx, e);
            for (int i = 0; i < c.requireInt("n_layer"); i++) {
                String h = "h." + i + ".";
                for (String ln : List.of("ln_1", "ln_2")) {
                    add(w, seed, h + ln + ".weight", e);
                    add(w, seed, h + ln + ".bias", e);
                }
                add(w, seed, h + "attn.c_attn.weight", e, 3 * e); // Conv1D: [in, out]
                add(w, seed, h + "attn.c_attn.bias", 3 * e);
                add(w, seed, h + "attn.c_proj.weight", e, e);
                add(w, seed, h + "attn.c_proj.bias", e);
                add(w, seed, h + "mlp.c_fc.weight", e, ff);
                add(w, seed, h + "mlp.c_fc.bias", ff);
                add(w, seed, h + "mlp.c_proj.weight", ff, e);
                add(w, seed, h + "mlp.c_proj.bias", e);
            }
            add(w, seed, "ln_f.weight", e);
            add(w, seed, "ln_f.bias", e);
            return w;
        }
        if (!List.of("llama", "qwen2", "qwen3").contains(mt)) throw new ConversionException("synth: no layout for model_type '" + mt + "'");
        long e = c.requireInt("hidden_size"), ff = c.requireInt("intermediate_size");
        long heads = c.requireInt("num_attention_heads");
        Integer kvh = c.optInt("num_key_value_heads");
        Integer hdim = c.optInt("head_dim");
        long hd = hdim != null ? hdim : e / heads, q = heads * hd, kv = (kvh != null ? kvh : heads) * hd;
        add(w, seed, "model.embed_tokens.weight", vocab, e);
        for (int i = 0; i < c.requireInt("num_hidden_layers"); i++) {
            String h = "model.layers." + i + ".";
            add(w, seed, h + "input_layernorm.weight", e);
            add(w, seed, h + "self_attn.q_proj.weight", q, e);
            add(w, seed, h + "self_attn.k_proj.weight", kv, e);
            add(w, seed, h + "self_attn.v_proj.weight", kv, e);
            if (mt.equals("qwen2")) {
                add(w, seed, h + "self_attn.q_proj.bias", q);
                add(w, seed, h + "self_attn.k_proj.bias", kv);
                add(w, seed, h + "self_attn.v_proj.bias", kv);
            }
            if (mt.equals("qwen3")) {
                add(w, seed, h + "self_attn.q_norm.weight", hd);
                add(w, seed, h + "self_attn.k_norm.weight", hd);
            }
            add(w, seed, h + "self_attn.o_proj.weight", e, q);
            add(w, seed, h + "post_attention_layernorm.weight", e);
            add(w, seed, h + "mlp.gate_proj.weight", ff, e);
            add(w, seed, h + "mlp.up_proj.weight", ff, e);
            add(w, seed, h + "mlp.down_proj.weight", e, ff);
        }
        add(w, seed, "model.norm.weight", e);
        if (!c.bool("tie_word_embeddings", false)) add(w, seed, "lm_head.weight", vocab, e);
        return w;
    }

    private static void add(Map<String, Weight> w, long seed, String name, long... shape) {
        w.put(name, RandomWeights.of(name, seed, shape));
    }
}
