package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

import java.nio.file.Path;

/**
 * Options of a conversion. {@code codiConfig}, {@code loraAlpha}, {@code loraR} only matter for CODI checkpoints
 * (null: read codi.json next to the checkpoint). {@code policy} defaults to llama.cpp's per-tensor rules
 * ({@link QuantTypePolicy}); {@code quantizer} (only used for quantised types) defaults to {@link GgmlQuantizer}.
 */
public record ConvertOptions(GgmlType outType, TensorTypePolicy policy, Quantizer quantizer, ProgressListener progress,
                             GgufExtension extension, String name, Path codiConfig, Double loraAlpha, Integer loraR) {

    public ConvertOptions {
        if (outType == null) outType = GgmlType.F16;
        if (policy == null) policy = QuantTypePolicy.LLAMA_CPP;
        if (progress == null) progress = ProgressListener.NONE;
        if (extension == null) extension = GgufExtension.NONE;
    }

    public static ConvertOptions of(GgmlType outType) {
        return new ConvertOptions(outType, null, null, null, null, null, null, null, null);
    }

    public ConvertOptions withProgress(ProgressListener p) {
        return new ConvertOptions(outType, policy, quantizer, p, extension, name, codiConfig, loraAlpha, loraR);
    }

    public ConvertOptions withExtension(GgufExtension e) {
        return new ConvertOptions(outType, policy, quantizer, progress, e, name, codiConfig, loraAlpha, loraR);
    }

    public ConvertOptions withQuantizer(Quantizer q) {
        return new ConvertOptions(outType, policy, q, progress, extension, name, codiConfig, loraAlpha, loraR);
    }

    public ConvertOptions withPolicy(TensorTypePolicy p) {
        return new ConvertOptions(outType, p, quantizer, progress, extension, name, codiConfig, loraAlpha, loraR);
    }

    public ConvertOptions withName(String n) {
        return new ConvertOptions(outType, policy, quantizer, progress, extension, n, codiConfig, loraAlpha, loraR);
    }

    public ConvertOptions withCodi(Path codiJson, Double alpha, Integer r) {
        return new ConvertOptions(outType, policy, quantizer, progress, extension, name, codiJson, alpha, r);
    }
}
