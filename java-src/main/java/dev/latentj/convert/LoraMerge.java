package dev.latentj.convert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges peft LoRA adapters into their base weights: {@code W' = W + (alpha/r) · B·A} in float32, lazily per weight.
 * peft names: {@code M.base_layer.weight}, {@code M.lora_A.<adapter>.weight} [r, in], {@code M.lora_B.<adapter>.weight}
 * [out, r]; the merged weight is named {@code M.weight} (and {@code M.base_layer.bias} becomes {@code M.bias}).
 */
public final class LoraMerge {
    private static final Pattern LORA = Pattern.compile("^(.*)\\.lora_([AB])\\.([^.]+)\\.weight$");
    private static final String BASE_W = ".base_layer.weight", BASE_B = ".base_layer.bias";

    private LoraMerge() {}

    /**
     * {@return whether any weight is a peft adapter or a base layer}
     *
     * @param weights weights by name
     */
    public static boolean hasLora(Map<String, Weight> weights) {
        return weights.keySet().stream().anyMatch(n -> LORA.matcher(n).matches() || n.endsWith(BASE_W));
    }

    /**
     * {@return the weights with adapters merged, in their order} Weights without adapters pass through unchanged.
     *
     * @param weights weights by name
     * @param r       the LoRA rank; may be null only when there is no adapter
     * @param alpha   the LoRA alpha; may be null only when there is no adapter
     * @throws ConversionException when r or alpha is missing or r is not positive, a module has two adapters of one
     *                             side, half an adapter, or an adapter without a base, or the shapes do not fit
     */
    public static Map<String, Weight> merge(Map<String, Weight> weights, Integer r, Double alpha) throws ConversionException {
        Map<String, Weight> a = new LinkedHashMap<>(), b = new LinkedHashMap<>();
        Map<String, Weight> out = new LinkedHashMap<>();
        for (Map.Entry<String, Weight> e : weights.entrySet()) {
            Matcher m = LORA.matcher(e.getKey());
            if (m.matches()) {
                Map<String, Weight> side = m.group(2).equals("A") ? a : b;
                if (side.put(m.group(1), e.getValue()) != null) {
                    throw new ConversionException("module '" + m.group(1) + "' has more than one lora_" + m.group(2) + " adapter");
                }
            }
        }
        if (!a.isEmpty() || !b.isEmpty()) {
            if (r == null) throw new ConversionException("LoRA rank r missing: set lora_r in codi.json or pass --lora-r");
            if (alpha == null) throw new ConversionException("LoRA alpha missing: set lora_alpha in codi.json or pass --lora-alpha");
            if (r <= 0) throw new ConversionException("LoRA rank r = " + r + " must be positive");
        }
        for (Map.Entry<String, Weight> e : weights.entrySet()) {
            String name = e.getKey();
            if (LORA.matcher(name).matches()) {
                String module = name.substring(0, name.indexOf(".lora_"));
                if (!weights.containsKey(module + BASE_W)) {
                    throw new ConversionException("LoRA tensor '" + name + "' has no base weight '" + module + BASE_W + "'");
                }
                continue;
            }
            if (name.endsWith(BASE_B)) {
                String merged = name.substring(0, name.length() - BASE_B.length()) + ".bias";
                out.put(merged, e.getValue().renamed(merged));
            } else if (name.endsWith(BASE_W)) {
                String module = name.substring(0, name.length() - BASE_W.length());
                Weight la = a.get(module), lb = b.get(module);
                if (la == null || lb == null) {
                    throw new ConversionException("module '" + module + "' has a base_layer but no lora_" + (la == null ? "A" : "B"));
                }
                out.put(module + ".weight", merged(module + ".weight", e.getValue(), la, lb, r, alpha));
            } else {
                out.put(name, e.getValue());
            }
        }
        return out;
    }

    static Weight merged(String name, Weight w, Weight a, Weight b, int r, double alpha) throws ConversionException {
        if (w.rank() != 2 || a.rank() != 2 || b.rank() != 2 || a.dim(0) != r || b.dim(1) != r
                || a.dim(1) != w.dim(1) || b.dim(0) != w.dim(0)) {
            throw new ConversionException("LoRA shapes do not fit '" + name + "': base " + w.shapeString() + ", lora_A "
                    + a.shapeString() + ", lora_B " + b.shapeString() + " (expected A [" + r + ", in], B [out, " + r + "])");
        }
        int out = (int) w.dim(0), in = (int) w.dim(1);
        float scale = (float) (alpha / r);
        return new Weight(name, w.shape(), () -> {
            float[] base = w.load(), av = a.load(), bv = b.load();
            float[] delta = new float[in];
            for (int o = 0; o < out; o++) {
                java.util.Arrays.fill(delta, 0f);
                for (int k = 0; k < r; k++) {
                    float bok = bv[o * r + k];
                    int arow = k * in;
                    for (int i = 0; i < in; i++) delta[i] += bok * av[arow + i];
                }
                int row = o * in;
                for (int i = 0; i < in; i++) base[row + i] += scale * delta[i];
            }
            return base;
        });
    }
}
