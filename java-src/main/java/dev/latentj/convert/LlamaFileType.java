package dev.latentj.convert;

import dev.latentj.gguf.GgmlType;

/** general.file_type values (llama.cpp's llama_ftype) for the target types a conversion can produce. */
final class LlamaFileType {
    private LlamaFileType() {}

    static int of(GgmlType t) throws ConversionException {
        return switch (t) {
            case F32 -> 0;   // ALL_F32
            case F16 -> 1;   // MOSTLY_F16
            case Q4_0 -> 2;
            case Q4_1 -> 3;
            case Q8_0 -> 7;
            case Q5_0 -> 8;
            case Q5_1 -> 9;
            case Q2_K -> 10;
            case Q3_K -> 12; // Q3_K_M
            case Q4_K -> 15; // Q4_K_M
            case Q5_K -> 17; // Q5_K_M
            case Q6_K -> 18;
            case BF16 -> 32;
            default -> throw new ConversionException("output type " + t + " is not a supported file type");
        };
    }
}
