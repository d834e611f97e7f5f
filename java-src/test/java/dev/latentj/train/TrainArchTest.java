package dev.latentj.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.convert.HfConverter;
import dev.latentj.engine.Backend;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.latentj.testing.Numerics.floats;
import static dev.latentj.testing.Numerics.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training graph of every architecture (arch-* fixtures, random weights): the teacher's cross-entropy
 * against Hugging Face's logits, and the gradient against central finite differences of the loss along it
 * (kd factor 0: the detached teacher makes kd's gradient differ from the loss's derivative on purpose).
 */
class TrainArchTest {
    @TempDir
    static Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama", "qwen2", "qwen3"})
    void teacherLossMatchesTransformersAndTheGradientMatchesFiniteDifferences(String arch) throws IOException {
        Path src = Fixtures.fixture("arch-" + arch);
        JsonNode ref = new ObjectMapper().readTree(src.resolve("reference.json").toFile());
        Path gguf = tmp.resolve(arch + ".gguf");
        HfConverter.convert(src, gguf, GgmlType.F32, null);
        int[] ids = ints(ref.get("input_ids"));
        // teacher: the 20 reference tokens, every position after the first predicted; student: made-up ids
        Example e = new Example(Arrays.copyOf(ids, 6), ids, 1, 5, Arrays.copyOfRange(ids, 10, 17), 2);

        double want = 0;
        for (int p = 0; p + 1 < ids.length; p++) {
            float[] logits = floats(ref.get("logits").get(p));
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float x : logits) max = Math.max(max, x);
            for (float x : logits) sum += Math.exp(x - max);
            want += max + Math.log(sum) - logits[ids[p + 1]];
        }
        want /= ids.length - 1;

        try (GgufFile f = GgufFile.open(gguf);
             Trainer tr = Trainer.create(f, new Trainer.Options(2, 0f, 0, 16f, 1, 0, Backend.CPU, 1))) {
            Trainer.Losses l = tr.batch(List.of(e), 1f, true);
            assertEquals(want, l.ceTeacher(), 1e-4 * want, arch + " ce_teacher against transformers' logits");

            // u: the gradient's direction over a few tensors from the embedding to the projection
            List<String> names = tr.tensors().stream().map(Trainer.TensorInfo::name)
                    .filter(n -> n.equals("token_embd.weight") || n.startsWith("blk.0.attn_") && n.endsWith(".weight")
                            || n.startsWith("blk.1.ffn_") || n.equals("output_norm.weight") || n.startsWith("codi.prj."))
                    .toList();
            float[][] theta = new float[names.size()][], grad = new float[names.size()][];
            double g2 = 0;
            for (int i = 0; i < names.size(); i++) {
                theta[i] = tr.get(names.get(i), Trainer.Slot.VALUE);
                grad[i] = tr.get(names.get(i), Trainer.Slot.GRAD);
                for (float x : grad[i]) g2 += (double) x * x;
            }
            double gNorm = Math.sqrt(g2), h = 1e-2;
            double[] loss = new double[2];
            for (int s = 0; s < 2; s++) {
                double sign = s == 0 ? 1 : -1;
                for (int i = 0; i < names.size(); i++) {
                    float[] moved = new float[theta[i].length];
                    for (int k = 0; k < moved.length; k++) moved[k] = (float) (theta[i][k] + sign * h * grad[i][k] / gNorm);
                    tr.set(names.get(i), Trainer.Slot.VALUE, moved);
                }
                loss[s] = tr.batch(List.of(e), 1f, false).loss();
            }
            double fd = (loss[0] - loss[1]) / (2 * h);
            assertTrue(Math.abs(fd - gNorm) <= 2e-2 * gNorm, arch + ": directional derivative " + fd + ", gradient norm " + gNorm
                    + " over " + names);
        }
    }
}
