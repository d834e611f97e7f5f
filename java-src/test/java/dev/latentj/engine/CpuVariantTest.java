package dev.latentj.engine;

import dev.latentj.cli.Main;
import dev.latentj.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The portable natives: forcing the lowest CPU module (plain x86-64, "x64") loads it, and it computes what the
 * module ggml picks for this machine computes.
 */
class CpuVariantTest {
    private static final String MODEL = "models/codi-gpt2-tiny-q8_0.gguf";
    // Q8_0 dot products are exact integer sums in every variant; what differs is the order of the float sums
    // (scales, norms, softmax) by vector width. Measured, x64 against icelake: max |diff| 1.7e-6, logits up to 19.8.
    private static final float LOGIT_TOLERANCE = 1e-5f;

    @Test
    void theLowestVariantLoadsWhenForcedAndAgreesWithTheBest() throws Exception {
        assumeTrue(shippedLibraries().contains("libggml-cpu-x64.so"),
                "skipped: this build has no CPU variants (a LATENTJ_NATIVE or single-library build)");
        Map<String, String> best = probe(List.of());
        Map<String, String> lowest = probe(List.of("-Dlatentj.cpu.variant=x64"));

        List<String> lowestFeatures = List.of(lowest.get("features").split(" "));
        for (String f : List.of("AVX", "AVX2", "FMA", "F16C", "AVX512")) {
            assertTrue(!lowestFeatures.contains(f), "x64 must not use " + f + ": " + lowestFeatures);
        }
        assertEquals(best.get("greedy"), lowest.get("greedy"));
        assertEquals(best.get("codi"), lowest.get("codi"));
        assertEquals(best.get("cot"), lowest.get("cot"));
        float[] a = floats(best.get("logits"));
        float[] b = floats(lowest.get("logits"));
        assertEquals(a.length, b.length);
        float maxDiff = 0;
        for (int i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        assertTrue(maxDiff <= LOGIT_TOLERANCE, "logits differ by " + maxDiff + " (best: " + best.get("features") + ")");
    }

    @Test
    void theCliRefusesAnUnknownVariantInOneLineNamingTheOnesThere() throws Exception {
        assumeTrue(shippedLibraries().contains("libggml-cpu-x64.so"), "skipped: this build has no CPU variants");
        ChildJvm.Result r = ChildJvm.exec(Main.class, List.of("-Dlatentj.cpu.variant=pentium2"), "run", "-m", MODEL, "2 + 2?");
        assertEquals(1, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: latentj: no CPU variant 'pentium2'") && lines.get(0).contains("x64"), lines.get(0));
    }

    private static Map<String, String> probe(List<String> options) throws IOException, InterruptedException {
        return ChildJvm.run(VariantProbe.class, options, MODEL).lines()
                .map(l -> l.split(" ", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
    }

    private static float[] floats(String s) {
        String[] parts = s.split(" ");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) v[i] = Float.parseFloat(parts[i]);
        return v;
    }

    static String shippedLibraries() throws IOException {
        try (InputStream in = CpuVariantTest.class.getResourceAsStream("/native/linux-x86_64/libraries.txt")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
