package dev.latentj.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.latentj.testing.Numerics.floats;
import static dev.latentj.testing.Numerics.ints;
import static dev.latentj.testing.Numerics.relErr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forward pass of each architecture against Hugging Face transformers (arch-* fixtures):
 * full sequence, a raw embedding at position 10, and incremental decoding with the KV cache.
 */
class ArchForwardTest {
    @TempDir
    static Path tmp;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String arch : List.of("gpt2", "llama", "qwen2", "qwen3")) {
            out.add(Arguments.of(arch, GgmlType.F32, 1e-4));
            out.add(Arguments.of(arch, GgmlType.F16, 1e-2));
        }
        return out.stream();
    }

    static Model load(String arch, GgmlType type) throws IOException {
        Path src = Fixtures.fixture("arch-" + arch);
        Path gguf = tmp.resolve(arch + "-" + type + ".gguf");
        if (!gguf.toFile().exists()) HfConverter.convert(src, gguf, type, null);
        return Model.load(gguf, new Model.Options(Backend.CPU, 0));
    }

    static JsonNode reference(String arch) throws IOException {
        return new ObjectMapper().readTree(Fixtures.fixture("arch-" + arch).resolve("reference.json").toFile());
    }

    private static void assertRows(String what, Session s, JsonNode want, int firstOutput, double tol) {
        for (int i = 0; i < want.size(); i++) {
            double err = relErr(s.logits(firstOutput + i), floats(want.get(i)));
            assertTrue(err <= tol, what + ": row " + i + " relative error " + err + " > " + tol);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void fullSequence(String arch, GgmlType type, double tol) throws IOException {
        JsonNode ref = reference(arch);
        int[] ids = ints(ref.get("input_ids"));
        try (Model m = load(arch, type); Session s = m.newSession(Session.Options.single())) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < ids.length; p++) rows.add(new Row.Token(0, p, ids[p], Row.Output.LOGITS));
            s.decode(rows);
            assertEquals(ids.length, s.outputs());
            assertRows(arch + " logits", s, ref.get("logits"), 0, tol);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rawEmbedding(String arch, GgmlType type, double tol) throws IOException {
        JsonNode ref = reference(arch);
        int[] ids = ints(ref.get("input_ids"));
        int at = ref.get("embed_position").asInt();
        float[] vector = floats(ref.get("embed_vector"));
        try (Model m = load(arch, type); Session s = m.newSession(Session.Options.single())) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < ids.length; p++) {
                rows.add(p == at ? new Row.Embedding(0, p, vector, Row.Output.LOGITS) : new Row.Token(0, p, ids[p], Row.Output.LOGITS));
            }
            s.decode(rows);
            assertRows(arch + " logits_with_embed", s, ref.get("logits_with_embed"), 0, tol);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void incrementalWithCache(String arch, GgmlType type, double tol) throws IOException {
        JsonNode ref = reference(arch);
        int[] ids = ints(ref.get("input_ids"));
        JsonNode want = ref.get("incremental_last_logits_from_pos11");
        try (Model m = load(arch, type); Session s = m.newSession(Session.Options.single())) {
            List<Row> prefill = new ArrayList<>();
            for (int p = 0; p < 12; p++) prefill.add(new Row.Token(0, p, ids[p], p == 11 ? Row.Output.LOGITS : Row.Output.NONE));
            s.decode(prefill);
            double first = relErr(s.logits(0), floats(want.get(0)));
            assertTrue(first <= tol, arch + " prefill of 12: relative error " + first + " > " + tol);
            for (int p = 12; p < 12 + want.size() - 1; p++) {
                s.decode(List.of(new Row.Token(0, p, ids[p], Row.Output.LOGITS)));
                double err = relErr(s.logits(0), floats(want.get(p - 11)));
                assertTrue(err <= tol, arch + " incremental pos " + p + ": relative error " + err + " > " + tol);
            }
            assertEquals(12 + want.size() - 1, s.nextPosition(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archs")
    void batchedEqualsAlone(String arch) throws IOException {
        int[] ids = ints(reference(arch).get("input_ids"));
        int[] lengths = {5, 13, 20};
        try (Model m = load(arch, GgmlType.F32); Session batch = m.newSession(Session.Options.of(3, 64));
             Session alone = m.newSession(Session.Options.single())) {
            List<Row> rows = new ArrayList<>();
            for (int seq = 0; seq < 3; seq++) {
                for (int p = 0; p < lengths[seq]; p++) {
                    rows.add(new Row.Token(seq, p, ids[(p + 7 * seq) % ids.length], Row.Output.LOGITS));
                }
            }
            // interleave the sequences' rows: order within a batch must not matter
            rows.sort((a, b) -> a.pos() != b.pos() ? Integer.compare(a.pos(), b.pos()) : Integer.compare(a.seq(), b.seq()));
            batch.decode(rows);
            for (int seq = 0; seq < 3; seq++) {
                List<Row> single = new ArrayList<>();
                for (int p = 0; p < lengths[seq]; p++) single.add(new Row.Token(0, p, ids[(p + 7 * seq) % ids.length], Row.Output.LOGITS));
                alone.decode(single);
                for (int p = 0; p < lengths[seq]; p++) {
                    int idx = 0;
                    for (Row r : rows) {
                        if (r.seq() == seq && r.pos() == p) break;
                        idx++;
                    }
                    double err = relErr(batch.logits(idx), alone.logits(p));
                    assertTrue(err <= 1e-5, arch + " seq " + seq + " pos " + p + ": batched vs alone " + err);
                }
            }
        }
    }

    static Stream<String> archs() {
        return Stream.of("gpt2", "llama", "qwen2", "qwen3");
    }
}
