package dev.latentj.convert;

import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufWriter;

import java.util.List;
import java.util.Map;

/**
 * GPT-2 as llama.cpp's GPT2Model converts it. HF's Conv1D weights are stored [in, out] and are transposed to
 * [out, in]; the causal-mask buffers attn.bias / attn.masked_bias are dropped. Keys may carry the
 * {@code transformer.} prefix (GPT2LMHeadModel) or not (GPT2Model / hub exports).
 */
public final class Gpt2Mapping implements ArchMapping {

    /** The mapping holds no state; {@link ArchMapping#forConfig} creates one per conversion. */
    public Gpt2Mapping() {}

    record Dims(int vocab, int ctx, int embd, int ff, int heads, int layers) {}

    static Dims dims(HfConfig c) throws ConversionException {
        int embd = c.requireInt("n_embd", "hidden_size");
        int heads = c.requireInt("n_head", "num_attention_heads");
        Integer inner = c.optInt("n_inner");
        if (heads <= 0 || embd % heads != 0) throw new ConversionException("config.json: n_embd " + embd + " is not divisible by n_head " + heads);
        return new Dims(c.requireInt("vocab_size"), c.requireInt("n_ctx", "n_positions"), embd,
                inner != null ? inner : 4 * embd, heads, c.requireInt("n_layer", "num_hidden_layers"));
    }

    @Override
    public String arch() { return "gpt2"; }

    @Override
    public void writeHyperParameters(HfConfig c, GgufWriter w) throws ConversionException {
        Dims d = dims(c);
        w.putU32(GgufKeys.contextLength(arch()), d.ctx());
        w.putU32(GgufKeys.embeddingLength(arch()), d.embd());
        w.putU32(GgufKeys.feedForwardLength(arch()), d.ff());
        w.putU32(GgufKeys.blockCount(arch()), d.layers());
        w.putU32(GgufKeys.headCount(arch()), d.heads());
        w.putU32(GgufKeys.headCountKv(arch()), d.heads());
        w.putF32(GgufKeys.layerNormEpsilon(arch()), (float) c.requireDouble("layer_norm_epsilon", "layer_norm_eps"));
        w.putU32(GgufKeys.vocabSize(arch()), d.vocab());
    }

    @Override
    public List<Weight> mapTensors(HfConfig c, Map<String, Weight> weights) throws ConversionException {
        Dims d = dims(c);
        String p = weights.containsKey("transformer.wte.weight") ? "transformer." : "";
        WeightTaker t = new WeightTaker(weights);
        t.dropSuffixes(".attn.bias", ".attn.masked_bias");
        long e = d.embd(), ff = d.ff();
        t.emit(t.take(p + "wte.weight", d.vocab(), e).renamed("token_embd.weight"));
        t.emit(t.take(p + "wpe.weight", d.ctx(), e).renamed("position_embd.weight"));
        for (int i = 0; i < d.layers(); i++) {
            String h = p + "h." + i + ".", b = "blk." + i + ".";
            t.emit(t.take(h + "ln_1.weight", e).renamed(b + "attn_norm.weight"));
            t.emit(t.take(h + "ln_1.bias", e).renamed(b + "attn_norm.bias"));
            t.emit(transposed(t.take(h + "attn.c_attn.weight", e, 3 * e), b + "attn_qkv.weight"));
            t.emit(t.take(h + "attn.c_attn.bias", 3 * e).renamed(b + "attn_qkv.bias"));
            t.emit(transposed(t.take(h + "attn.c_proj.weight", e, e), b + "attn_output.weight"));
            t.emit(t.take(h + "attn.c_proj.bias", e).renamed(b + "attn_output.bias"));
            t.emit(t.take(h + "ln_2.weight", e).renamed(b + "ffn_norm.weight"));
            t.emit(t.take(h + "ln_2.bias", e).renamed(b + "ffn_norm.bias"));
            t.emit(transposed(t.take(h + "mlp.c_fc.weight", e, ff), b + "ffn_up.weight"));
            t.emit(t.take(h + "mlp.c_fc.bias", ff).renamed(b + "ffn_up.bias"));
            t.emit(transposed(t.take(h + "mlp.c_proj.weight", ff, e), b + "ffn_down.weight"));
            t.emit(t.take(h + "mlp.c_proj.bias", e).renamed(b + "ffn_down.bias"));
        }
        t.emit(t.take(p + "ln_f.weight", e).renamed("output_norm.weight"));
        t.emit(t.take(p + "ln_f.bias", e).renamed("output_norm.bias"));
        LlamaFamily.output(c, t, "lm_head.weight", d.vocab(), e, true);
        return t.finish();
    }

    private static Weight transposed(Weight w, String name) {
        int rows = (int) w.dim(0), cols = (int) w.dim(1);
        return new Weight(name, new long[] {cols, rows}, () -> Transforms.transpose(w.load(), rows, cols));
    }
}
