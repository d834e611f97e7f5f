package dev.latentj.soft;

/**
 * What the driver must reduce the next row's logits to: the top-{@code k} of softmax(logits / T) with the entropy
 * (the device's top-k readout). The thinking and answer phases may use different T and K.
 *
 * @param temperature T of the softmax, &gt; 0
 * @param k           how many of the most probable tokens to read back, 1 to 64 (LJ_MAX_TOPK)
 */
public record Readout(float temperature, int k) {
    /**
     * Checks {@code k}; the device checks the rest when it reduces.
     *
     * @throws IllegalArgumentException if {@code k} &lt; 1
     */
    public Readout {
        if (k < 1) throw new IllegalArgumentException("readout k must be >= 1, got " + k);
    }
}
