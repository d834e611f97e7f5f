package dev.latentj.convert;


import java.util.List;
import java.util.Map;

/**
 * A llama2.c checkpoint (see {@link Llama2cSource}) as GGUF "llama", with the keys llama.cpp's
 * convert-llama2c-to-ggml writes. Its weights already carry GGUF names and need no transform: llama2.c rotates
 * interleaved pairs, which is ggml's normal RoPE, so q/k are not permuted.
 */
public final class Llama2cMapping extends LlamaFamilyMapping {
    /** config.json model_type of the config {@link Llama2cSource} synthesises. */
    static final String MODEL_TYPE = "llama2c";

    /** Llama's layout without q/k/v biases or q/k permutation; the output is tied to the embedding by default. */
    public Llama2cMapping() {
        super(new LlamaFamily.Spec("llama", false, LlamaFamily.Presence.FORBIDDEN, false, true));
    }

    @Override
    public List<Weight> mapTensors(HfConfig c, Map<String, Weight> weights) throws ConversionException {
        LlamaFamily.Dims d = LlamaFamily.dims(c);
        WeightTaker t = new WeightTaker(weights);
        long e = d.embd(), ff = d.ff(), q = d.qRows(), kv = d.kvRows();
        t.emit(t.take("token_embd.weight", d.vocab(), e));
        for (int i = 0; i < d.layers(); i++) {
            String b = "blk." + i + ".";
            t.emit(t.take(b + "attn_norm.weight", e));
            t.emit(t.take(b + "attn_q.weight", q, e));
            t.emit(t.take(b + "attn_k.weight", kv, e));
            t.emit(t.take(b + "attn_v.weight", kv, e));
            t.emit(t.take(b + "attn_output.weight", e, q));
            t.emit(t.take(b + "ffn_norm.weight", e));
            t.emit(t.take(b + "ffn_gate.weight", ff, e));
            t.emit(t.take(b + "ffn_down.weight", e, ff));
            t.emit(t.take(b + "ffn_up.weight", ff, e));
        }
        t.emit(t.take("output_norm.weight", e));
        Weight out = t.takeOptional("output.weight", d.vocab(), e); // absent when the classifier is shared
        if (out != null) t.emit(out);
        return t.finish();
    }
}
