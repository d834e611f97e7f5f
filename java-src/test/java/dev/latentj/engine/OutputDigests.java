package dev.latentj.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.sampling.TopK;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.latentj.testing.Numerics.floats;
import static dev.latentj.testing.Numerics.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bit-exact digests of the engine's outputs over every path (each architecture at F32 and F16; token, embedding
 * and mixture rows; batches; the cache; the device reduction; layer outputs; CODI's latent loop; the LM head),
 * for refactors that must not change a single bit. Digests depend on the CPU's kernels, so nothing is kept in
 * the tree: record them before a change and compare after, on one machine:
 * <pre>
 * mvn test -Dtest=OutputDigests -Dlatentj.digests.out=/tmp/before.txt     (before)
 * mvn test -Dtest=OutputDigests -Dlatentj.digests.expect=/tmp/before.txt  (after)
 * </pre>
 * Its name keeps it out of the suite (Surefire runs *Test classes); -Dtest names it. Without either property it
 * does nothing.
 */
class OutputDigests {
    @TempDir
    static Path tmp;

    private final Map<String, String> digests = new TreeMap<>();

    @Test
    void outputsMatchTheRecordedDigests() throws IOException {
        String out = System.getProperty("latentj.digests.out");
        String expect = System.getProperty("latentj.digests.expect");
        assumeTrue(out != null || expect != null, "skipped: set latentj.digests.out or latentj.digests.expect");
        for (String arch : List.of("gpt2", "llama", "qwen2", "qwen3")) {
            for (GgmlType type : List.of(GgmlType.F32, GgmlType.F16)) archScenarios(arch, type);
        }
        for (GgmlType type : List.of(GgmlType.F32, GgmlType.F16)) codiScenarios(type);

        StringBuilder text = new StringBuilder();
        digests.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
        if (out != null) Files.writeString(Path.of(out), text);
        if (expect != null) assertEquals(Files.readString(Path.of(expect)), text.toString());
    }

    private void archScenarios(String arch, GgmlType type) throws IOException {
        Path src = Fixtures.fixture("arch-" + arch);
        JsonNode ref = new ObjectMapper().readTree(src.resolve("reference.json").toFile());
        int[] ids = ints(ref.get("input_ids"));
        Path gguf = tmp.resolve(arch + "-" + type + ".gguf");
        HfConverter.convert(src, gguf, type, null);
        String k = arch + "-" + type + ".";
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 0))) {
            int nLayer = m.config().nLayer();
            try (Session s = m.newSession(Session.Options.of(3, 64))) {
                List<Row> rows = new ArrayList<>();
                for (int p = 0; p < ids.length; p++) rows.add(new Row.Token(0, p, ids[p], Row.Output.LOGITS));
                s.decode(rows);
                record(k + "tokens", s, rows.size(), true);

                float[] vector = floats(ref.get("embed_vector"));
                rows.set(10, new Row.Embedding(0, 10, vector, Row.Output.LOGITS));
                rows.set(4, new Row.Mixture(0, 4, new int[] {ids[4], 7, 300}, new float[] {0.6f, 0.3f, 0.1f}, Row.Output.LOGITS));
                rows.set(7, new Row.Mixture(0, 7, new int[] {ids[7]}, new float[] {1f}, Row.Output.HIDDEN));
                s.decode(rows);
                record(k + "embd-mixture", s, rows.size(), false);

                // three sequences interleaved, then forks and re-decodes
                s.removePositions(-1, 0, -1);
                List<Row> batch = new ArrayList<>();
                int[] lengths = {5, 13, 20};
                for (int p = 0; p < 20; p++) {
                    for (int q = 0; q < 3; q++) {
                        if (p < lengths[q]) batch.add(new Row.Token(q, p, ids[(p + 7 * q) % ids.length], Row.Output.LOGITS));
                    }
                }
                s.decode(batch);
                record(k + "batch", s, batch.size(), true);
                s.copySequence(2, 0);
                s.removePositions(1, 9, -1);
                s.decode(List.of(new Row.Token(0, 20, ids[3], Row.Output.LOGITS), new Row.Token(1, 9, ids[5], Row.Output.LOGITS),
                        new Row.Token(2, 15, ids[6], Row.Output.LOGITS)));
                record(k + "fork-redecode", s, 3, true);

                s.setReduce(10, 0.7f, 0);
                s.decode(List.of(new Row.Token(0, 21, ids[8], Row.Output.LOGITS), new Row.Token(1, 10, ids[9], Row.Output.LOGITS)));
                recordTopK(k + "reduce-t0.7", s, 2, 10);
                s.setReduce(5, 1.0f, m.config().nVocab() - 3);
                s.decode(List.of(new Row.Token(0, 22, ids[1], Row.Output.LOGITS)));
                recordTopK(k + "reduce-limit", s, 1, 5);
                s.setReduce(0, 1.0f, 0);

                s.setLayerOutputs(true);
                s.decode(List.of(new Row.Token(2, 16, ids[2], Row.Output.NONE), new Row.Token(2, 17, ids[3], Row.Output.HIDDEN)));
                float[][] layers = new float[nLayer][];
                for (int l = 0; l < nLayer; l++) layers[l] = s.layerHidden(l, 0);
                put(k + "layers", layers);
                s.setLayerOutputs(false);
            }
        }
    }

    private void codiScenarios(GgmlType type) throws IOException {
        Path src = Fixtures.fixture("codi-gpt2-tiny");
        JsonNode ref = new ObjectMapper().readTree(src.resolve("reference.json").toFile());
        Path gguf = tmp.resolve("codi-" + type + ".gguf");
        CheckpointConverter.convert(src, gguf, ConvertOptions.of(type));
        String k = "codi-" + type + ".";
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 0)); Session s = m.newSession(Session.Options.of(2, 96))) {
            int[] a = ints(ref.get("cases").get(0).get("prompt_ids"));
            int[] b = ints(ref.get("cases").get(1).get("prompt_ids"));
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < a.length; p++) rows.add(new Row.Token(0, p, a[p], p == a.length - 1 ? Row.Output.HIDDEN : Row.Output.NONE));
            for (int p = 0; p < b.length; p++) rows.add(new Row.Token(1, p, b[p], p == b.length - 1 ? Row.Output.LOGITS : Row.Output.NONE));
            s.decode(rows);
            record(k + "prompts", s, 2, false);
            for (boolean coconut : new boolean[] {false, true}) {
                Session.LatentTrace t = s.latentLoop(new int[] {0, 1}, 6, coconut, true);
                String c = coconut ? "coconut." : "prj.";
                for (int step = 0; step < t.latents().length; step++) put(k + c + "latents" + step, t.latents()[step]);
                for (int step = 0; step < t.hidden().length; step++) put(k + c + "hidden" + step, t.hidden()[step]);
                record(k + c + "outputs", s, 2, false);
                put(k + c + "lmhead", s.lmHead(t.hidden()[6]));
            }
            s.decode(List.of(new Row.Token(0, s.nextPosition(0), 50259, Row.Output.LOGITS),
                    new Row.Token(1, s.nextPosition(1), 50259, Row.Output.LOGITS)));
            record(k + "after-eot", s, 2, true);
            s.latentLoop(new int[] {1}, 0, false, false);
            s.latentLoop(new int[] {1}, 2, false, false);
            record(k + "untraced", s, 1, false);
        }
    }

    private void record(String key, Session s, int outputs, boolean logits) {
        assertEquals(outputs, s.outputs(), key);
        float[][] h = new float[outputs][];
        for (int i = 0; i < outputs; i++) h[i] = s.hidden(i);
        put(key + ".hidden", h);
        if (!logits) return;
        float[][] l = new float[outputs][];
        for (int i = 0; i < outputs; i++) l[i] = s.logits(i);
        put(key + ".logits", l);
    }

    private void recordTopK(String key, Session s, int outputs, int k) {
        float[][] v = new float[outputs][];
        for (int i = 0; i < outputs; i++) {
            TopK t = s.topK(i, k);
            v[i] = new float[2 * k + 2];
            for (int j = 0; j < k; j++) {
                v[i][j] = t.ids()[j];
                v[i][k + j] = t.probs()[j];
            }
            v[i][2 * k] = t.entropy();
            v[i][2 * k + 1] = s.argmax(i);
        }
        put(key, v);
    }

    private void put(String key, float[]... rows) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (float[] r : rows) {
                ByteBuffer b = ByteBuffer.allocate(r.length * 4);
                for (float x : r) b.putInt(Float.floatToRawIntBits(x));
                md.update(b.array());
            }
            digests.put(key, HexFormat.of().formatHex(md.digest(), 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
