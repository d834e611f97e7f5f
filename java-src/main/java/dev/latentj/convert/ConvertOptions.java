package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

import java.nio.file.Path;

/**
 * Options of a conversion. {@code codiConfig}, {@code loraAlpha}, {@code loraR} only matter for CODI checkpoints
 * (null: read codi.json next to the checkpoint). {@code policy} defaults to llama.cpp's per-tensor rules
 * ({@link QuantTypePolicy}); {@code quantizer} (only used for quantised types) defaults to {@link GgmlQuantizer}.
 *
 * @param outType    the file type most weights get; default F16
 * @param policy     each tensor's type; default {@link QuantTypePolicy#LLAMA_CPP}
 * @param quantizer  turns floats into blocks of a quantised type; null for {@link GgmlQuantizer}
 * @param progress   told of each tensor written; default none
 * @param extension  adds metadata after the model's own keys (the tokenizer, CODI's keys); default none
 * @param name       general.name; null for the source's own (its directory's or file's name)
 * @param codiConfig a codi.json to read instead of the one next to the checkpoint; or null
 * @param loraAlpha  LoRA alpha overriding codi.json's; or null
 * @param loraR      LoRA rank overriding codi.json's; or null
 */
public record ConvertOptions(GgmlType outType, TensorTypePolicy policy, Quantizer quantizer, ProgressListener progress,
                             GgufExtension extension, String name, Path codiConfig, Double loraAlpha, Integer loraR) {

    /** Replaces null with the defaults above, except for {@code quantizer}, which is resolved when used. */
    public ConvertOptions {
        if (outType == null) outType = GgmlType.F16;
        if (policy == null) policy = QuantTypePolicy.LLAMA_CPP;
        if (progress == null) progress = ProgressListener.NONE;
        if (extension == null) extension = GgufExtension.NONE;
    }

    /**
     * {@return the defaults, with the given file type}
     *
     * @param outType the file type most weights get; null for F16
     */
    public static ConvertOptions of(GgmlType outType) {
        return new ConvertOptions(outType, null, null, null, null, null, null, null, null);
    }

    /**
     * {@return a copy with another progress listener}
     *
     * @param p told of each tensor written; null for none
     */
    public ConvertOptions withProgress(ProgressListener p) {
        return new ConvertOptions(outType, policy, quantizer, p, extension, name, codiConfig, loraAlpha, loraR);
    }

    /**
     * {@return a copy with another metadata extension, in place of the current one}
     *
     * @param e the extension; chain with {@link GgufExtension#andThen} to keep the current one
     */
    public ConvertOptions withExtension(GgufExtension e) {
        return new ConvertOptions(outType, policy, quantizer, progress, e, name, codiConfig, loraAlpha, loraR);
    }

    /**
     * {@return a copy with another quantizer}
     *
     * @param q the quantizer; null for {@link GgmlQuantizer}
     */
    public ConvertOptions withQuantizer(Quantizer q) {
        return new ConvertOptions(outType, policy, q, progress, extension, name, codiConfig, loraAlpha, loraR);
    }

    /**
     * {@return a copy with another tensor type policy}
     *
     * @param p the policy; null for {@link QuantTypePolicy#LLAMA_CPP}
     */
    public ConvertOptions withPolicy(TensorTypePolicy p) {
        return new ConvertOptions(outType, p, quantizer, progress, extension, name, codiConfig, loraAlpha, loraR);
    }

    /**
     * {@return a copy with another general.name}
     *
     * @param n the name; null for the source's
     */
    public ConvertOptions withName(String n) {
        return new ConvertOptions(outType, policy, quantizer, progress, extension, n, codiConfig, loraAlpha, loraR);
    }

    /**
     * {@return a copy with other CODI settings}
     *
     * @param codiJson a codi.json to read instead of the one next to the checkpoint; or null
     * @param alpha    LoRA alpha overriding codi.json's; or null
     * @param r        LoRA rank overriding codi.json's; or null
     */
    public ConvertOptions withCodi(Path codiJson, Double alpha, Integer r) {
        return new ConvertOptions(outType, policy, quantizer, progress, extension, name, codiJson, alpha, r);
    }
}
