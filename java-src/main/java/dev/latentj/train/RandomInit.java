package dev.latentj.train;

import java.util.Random;

/**
 * Re-initialises every weight of a trainer for training from scratch at the base's shape, as Hugging Face
 * initialises GPT-2 and Llama: weights and embeddings N(0, 0.02), the output projections of each block
 * N(0, 0.02 / sqrt(2 L)) (GPT-2's scaled init), norms 1, biases 0; the CODI projection as torch's nn.Linear
 * (U(-1/sqrt(fan_in), 1/sqrt(fan_in))). RoPE frequency factors are constants and stay.
 */
public final class RandomInit {
    private RandomInit() {}

    /**
     * Re-initialises the trainer's weights as above.
     *
     * @param tr   the trainer
     * @param seed the generator's seed
     */
    public static void apply(Trainer tr, long seed) {
        Random rng = new Random(seed);
        int layers = tr.config().nLayer();
        for (Trainer.TensorInfo t : tr.tensors()) {
            String n = t.name();
            if (n.equals("rope_freqs.weight") || n.endsWith(".lora_a") || n.endsWith(".lora_b")) continue;
            float[] v = new float[Math.toIntExact(t.elements())];
            if (n.endsWith("norm.weight") || n.equals("codi.prj.ln.weight")) {
                java.util.Arrays.fill(v, 1f);
            } else if (n.endsWith(".bias")) {
                // zeros
            } else if (n.startsWith("codi.prj.")) {
                double bound = 1.0 / Math.sqrt(t.ne()[0]);
                for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            } else {
                boolean residualOut = n.endsWith("attn_output.weight") || n.endsWith("ffn_down.weight");
                double std = residualOut ? 0.02 / Math.sqrt(2.0 * layers) : 0.02;
                for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextGaussian() * std);
            }
            tr.set(n, Trainer.Slot.VALUE, v);
        }
    }
}
