package dev.latentj.soft;

/**
 * What the driver must reduce the next row's logits to: the top-{@code k} of softmax(logits / T) with the entropy
 * (the device's top-k readout). The thinking and answer phases may use different T and K.
 */
public record Readout(float temperature, int k) {
    public Readout {
        if (k < 1) throw new IllegalArgumentException("readout k must be >= 1, got " + k);
    }
}
