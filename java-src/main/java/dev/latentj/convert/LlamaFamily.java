package dev.latentj.convert;

import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufWriter;

import java.util.List;
import java.util.Map;

/**
 * What Llama, Qwen2 and Qwen3 share in llama.cpp's converter (TextModel.set_gguf_parameters and the common tensor
 * map); each architecture class states its differences as a {@link Spec}.
 */
final class LlamaFamily {
    private LlamaFamily() {}

    /**
     * @param permuteQk   permute q/k rows for ggml's normal RoPE (llama); NEOX models (qwen) keep HF order
     * @param qkvBias     q/k/v biases: REQUIRED (qwen2), FORBIDDEN (qwen3) or OPTIONAL (llama's attention_bias)
     * @param qkNorm      per-head RMS norms on q and k (qwen3)
     * @param tiedDefault tie_word_embeddings when config.json does not say
     */
    record Spec(String arch, boolean permuteQk, Presence qkvBias, boolean qkNorm, boolean tiedDefault) {}

    enum Presence { REQUIRED, OPTIONAL, FORBIDDEN }

    record Dims(int vocab, int ctx, int embd, int ff, int heads, int kvHeads, int headDim, int layers) {
        int qRows() { return heads * headDim; }
        int kvRows() { return kvHeads * headDim; }
    }

    static Dims dims(HfConfig c) throws ConversionException {
        int embd = c.requireInt("hidden_size", "n_embd", "dim");
        int heads = c.requireInt("num_attention_heads", "n_head", "n_heads");
        Integer kv = c.optInt("num_key_value_heads", "n_kv_heads");
        int kvHeads = kv != null ? kv : heads;
        Integer hd = c.optInt("head_dim");
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0) {
            throw new ConversionException("config.json: num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (hd == null && embd % heads != 0) {
            throw new ConversionException("config.json: hidden_size " + embd + " is not divisible by num_attention_heads " + heads);
        }
        int headDim = hd != null ? hd : embd / heads;
        if (headDim <= 0 || headDim % 2 != 0) throw new ConversionException("config.json: head dimension " + headDim + " must be even and positive");
        return new Dims(c.requireInt("vocab_size"), c.requireInt("max_position_embeddings", "n_ctx", "n_positions"), embd,
                c.requireInt("intermediate_size", "n_inner"), heads, kvHeads, headDim,
                c.requireInt("num_hidden_layers", "n_layer", "n_layers"));
    }

    static void writeHyperParameters(Spec s, HfConfig c, GgufWriter w) throws ConversionException {
        Dims d = dims(c);
        String a = s.arch();
        w.putU32(GgufKeys.blockCount(a), d.layers());
        w.putU32(GgufKeys.contextLength(a), d.ctx());
        w.putU32(GgufKeys.embeddingLength(a), d.embd());
        w.putU32(GgufKeys.feedForwardLength(a), d.ff());
        w.putU32(GgufKeys.headCount(a), d.heads());
        w.putU32(GgufKeys.headCountKv(a), d.kvHeads());
        w.putF32(GgufKeys.ropeFreqBase(a), (float) c.ropeTheta());
        w.putF32(GgufKeys.layerNormRmsEpsilon(a), (float) c.requireDouble("rms_norm_eps", "norm_eps"));
        if (c.has("head_dim")) {
            w.putU32(GgufKeys.keyLength(a), d.headDim());
            w.putU32(GgufKeys.valueLength(a), d.headDim());
        }
        w.putU32(GgufKeys.vocabSize(a), d.vocab());
        w.putU32(GgufKeys.ropeDimensionCount(a), d.headDim());
        String rt = c.ropeType();
        switch (rt.toLowerCase()) {
            case "default", "llama3" -> { /* llama3: rope_freqs.weight tensor, no key */ }
            case "linear" -> {
                w.putString(GgufKeys.ropeScalingType(a), "linear");
                w.putF32(GgufKeys.ropeScalingFactor(a), (float) c.rope().path("factor").asDouble(1.0));
            }
            default -> throw new ConversionException("config.json: rope_type '" + rt + "' is not supported (default, linear, llama3)");
        }
    }

    static List<Weight> mapTensors(Spec s, HfConfig c, Map<String, Weight> weights) throws ConversionException {
        Dims d = dims(c);
        WeightTaker t = new WeightTaker(weights);
        t.dropSuffixes(".rotary_emb.inv_freq");
        long e = d.embd(), ff = d.ff(), q = d.qRows(), kv = d.kvRows(), hd = d.headDim();
        t.emit(t.take("model.embed_tokens.weight", d.vocab(), e).renamed("token_embd.weight"));
        for (int i = 0; i < d.layers(); i++) {
            String h = "model.layers." + i + ".", b = "blk." + i + ".";
            t.emit(t.take(h + "input_layernorm.weight", e).renamed(b + "attn_norm.weight"));
            Weight wq = t.take(h + "self_attn.q_proj.weight", q, e);
            Weight wk = t.take(h + "self_attn.k_proj.weight", kv, e);
            t.emit(s.permuteQk() ? permuted(wq, d.heads(), b + "attn_q.weight") : wq.renamed(b + "attn_q.weight"));
            t.emit(s.permuteQk() ? permuted(wk, d.kvHeads(), b + "attn_k.weight") : wk.renamed(b + "attn_k.weight"));
            t.emit(t.take(h + "self_attn.v_proj.weight", kv, e).renamed(b + "attn_v.weight"));
            boolean bias = switch (s.qkvBias()) {
                case REQUIRED -> true;
                case FORBIDDEN -> false;
                case OPTIONAL -> c.bool("attention_bias", false) || t.has(h + "self_attn.q_proj.bias");
            };
            if (bias) {
                Weight bq = t.take(h + "self_attn.q_proj.bias", q);
                Weight bk = t.take(h + "self_attn.k_proj.bias", kv);
                t.emit(s.permuteQk() ? permuted(bq, d.heads(), b + "attn_q.bias") : bq.renamed(b + "attn_q.bias"));
                t.emit(s.permuteQk() ? permuted(bk, d.kvHeads(), b + "attn_k.bias") : bk.renamed(b + "attn_k.bias"));
                t.emit(t.take(h + "self_attn.v_proj.bias", kv).renamed(b + "attn_v.bias"));
                Weight bo = t.takeOptional(h + "self_attn.o_proj.bias", e);
                if (bo != null) t.emit(bo.renamed(b + "attn_output.bias"));
            }
            if (s.qkNorm()) {
                t.emit(t.take(h + "self_attn.q_norm.weight", hd).renamed(b + "attn_q_norm.weight"));
                t.emit(t.take(h + "self_attn.k_norm.weight", hd).renamed(b + "attn_k_norm.weight"));
            }
            t.emit(t.take(h + "self_attn.o_proj.weight", e, q).renamed(b + "attn_output.weight"));
            t.emit(t.take(h + "post_attention_layernorm.weight", e).renamed(b + "ffn_norm.weight"));
            t.emit(t.take(h + "mlp.gate_proj.weight", ff, e).renamed(b + "ffn_gate.weight"));
            t.emit(t.take(h + "mlp.up_proj.weight", ff, e).renamed(b + "ffn_up.weight"));
            t.emit(t.take(h + "mlp.down_proj.weight", e, ff).renamed(b + "ffn_down.weight"));
        }
        t.emit(t.take("model.norm.weight", e).renamed("output_norm.weight"));
        output(c, t, "lm_head.weight", d.vocab(), e, s.tiedDefault());
        if (c.ropeType().equalsIgnoreCase("llama3")) {
            float[] f = RopeFreqs.llama3(c, d.headDim());
            t.emit(new Weight("rope_freqs.weight", new long[] {f.length}, () -> f.clone()));
        }
        return t.finish();
    }

    /** output.weight only for an untied, present lm_head: tied models reuse token_embd (llama.cpp falls back to it). */
    static void output(HfConfig c, WeightTaker t, String lmHead, long vocab, long embd, boolean tiedDefault)
            throws ConversionException {
        if (c.bool("tie_word_embeddings", tiedDefault)) {
            t.drop(lmHead);
            return;
        }
        Weight out = t.takeOptional(lmHead, vocab, embd);
        if (out != null) t.emit(out.renamed("output.weight"));
    }

    static Weight permuted(Weight w, int nHead, String name) {
        int rows = (int) w.dim(0), cols = w.rank() > 1 ? (int) w.dim(1) : 1;
        return new Weight(name, w.shape(), () -> Transforms.permuteRope(w.load(), nHead, rows, cols));
    }
}
