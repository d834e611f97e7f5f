package dev.latentj.speed;

import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufTensorInfo;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** What llama-bench prints about a model: "arch size type", its bytes and its parameter count. */
public record ModelSummary(String description, long bytes, long parameters) {

    public static ModelSummary of(GgufFile f) throws GgufException {
        long bytes = 0, params = 0;
        Map<GgmlType, Long> bytesByType = new EnumMap<>(GgmlType.class);
        for (GgufTensorInfo t : f.tensors()) {
            bytes += t.byteSize();
            params += t.numel();
            bytesByType.merge(t.type(), t.byteSize(), Long::sum);
        }
        String arch = f.metadata().getStringOrDefault("general.architecture", "?");
        String type = f.metadata().has("general.file_type") ? fileTypeName((int) f.metadata().getLong("general.file_type")) : null;
        if (type == null) {
            type = bytesByType.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name()).orElse("?");
        }
        return new ModelSummary(arch + " " + sizeLabel(params) + " " + type, bytes, params);
    }

    /** llama.cpp's llama_model_ftype_name for the file types latentj writes; null for others. */
    static String fileTypeName(int ftype) {
        return switch (ftype) {
            case 0 -> "all F32";
            case 1 -> "F16";
            case 2 -> "Q4_0";
            case 3 -> "Q4_1";
            case 7 -> "Q8_0";
            case 8 -> "Q5_0";
            case 9 -> "Q5_1";
            case 10 -> "Q2_K - Medium";
            case 12 -> "Q3_K - Medium";
            case 15 -> "Q4_K - Medium";
            case 17 -> "Q5_K - Medium";
            case 18 -> "Q6_K";
            case 32 -> "BF16";
            default -> null;
        };
    }

    static String sizeLabel(long params) {
        if (params >= 1_000_000_000L) return String.format(Locale.ROOT, "%.1fB", params / 1e9);
        if (params >= 1_000_000L) return String.format(Locale.ROOT, "%dM", Math.round(params / 1e6));
        return String.format(Locale.ROOT, "%dK", Math.round(params / 1e3));
    }
}
