package dev.latentj.convert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * llama.cpp's LlamaModel.generate_extra_tensors for rope_type "llama3": per-frequency scaling factors written as
 * rope_freqs.weight. Computed in float32 as torch does (freqs is a float32 tensor; scalars meet it as float32).
 */
final class RopeFreqs {
    private RopeFreqs() {}

    static float[] llama3(HfConfig c, int dim) throws ConversionException {
        JsonNode r = c.rope();
        float base = (float) c.ropeTheta();
        float factor = (float) r.path("factor").asDouble(8.0);
        float low = (float) r.path("low_freq_factor").asDouble(1.0);
        float high = (float) r.path("high_freq_factor").asDouble(4.0);
        float oldCtx = (float) r.path("original_max_position_embeddings").asDouble(8192);
        float lowWavelen = oldCtx / low;
        float highWavelen = oldCtx / high;
        float twoPi = (float) (2 * Math.PI);
        float[] out = new float[dim / 2];
        for (int i = 0; i < out.length; i++) {
            float exponent = (float) (2 * i) / (float) dim;
            float freq = 1.0f / (float) Math.pow(base, exponent);
            float wavelen = twoPi / freq;
            if (wavelen < highWavelen) {
                out[i] = 1f;
            } else if (wavelen > lowWavelen) {
                out[i] = factor;
            } else {
                float smooth = (oldCtx / wavelen - low) / (high - low);
                out[i] = 1f / ((1f - smooth) / factor + smooth);
            }
        }
        return out;
    }
}
