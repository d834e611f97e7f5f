package dev.latentj.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.gguf.GgmlType;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufTensorInfo;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.latentj.testing.Numerics.floats;
import static dev.latentj.testing.Numerics.ints;
import static org.junit.jupiter.api.Assertions.*;

/** codi-llama-lora-tiny from safetensors and from pytorch_model.bin: same GGUF tensors, logits as PyTorch's. */
class LoraImportTest {
    @TempDir
    Path tmp;

    @Test
    void safetensorsAndPytorchBinGiveTheSameTensorsAndReferenceLogits() throws IOException {
        Path dir = Fixtures.fixture("codi-llama-lora-tiny");
        Path fromSt = tmp.resolve("st.gguf"), fromBin = tmp.resolve("bin.gguf");
        assertEquals(CheckpointConverter.Kind.CODI, CheckpointConverter.convert(dir.resolve("model.safetensors"), fromSt, ConvertOptions.of(GgmlType.F32)));
        assertEquals(CheckpointConverter.Kind.CODI, CheckpointConverter.convert(dir.resolve("pytorch_model.bin"), fromBin, ConvertOptions.of(GgmlType.F32)));
        try (GgufFile a = GgufFile.open(fromSt); GgufFile b = GgufFile.open(fromBin)) {
            assertEquals(a.tensors().size(), b.tensors().size(), "tensor count");
            for (GgufTensorInfo ta : a.tensors()) {
                GgufTensorInfo tb = b.tensor(ta.name()).orElseThrow(() -> new AssertionError(ta.name() + " missing from the .bin conversion"));
                assertEquals(ta.type(), tb.type(), ta.name());
                assertArrayEquals(ta.ne(), tb.ne(), ta.name());
                long at = a.tensorData(ta).mismatch(b.tensorData(tb));
                assertEquals(-1, at, ta.name() + ": bytes differ at offset " + at);
            }
        }

        JsonNode ref = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        int[] ids = ints(ref.get("prompt_ids"));
        JsonNode want = ref.get("prompt_logits");
        try (Model m = Model.load(fromBin, new Model.Options(Backend.CPU, 2)); Session s = m.newSession(Session.Options.single())) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < ids.length; p++) rows.add(new Row.Token(0, p, ids[p], Row.Output.LOGITS));
            s.decode(rows);
            for (int p = 0; p < ids.length; p++) {
                float[] got = s.logits(p), w = floats(want.get(p));
                assertEquals(w.length, got.length, "vocab at position " + p);
                double worst = 0;
                int at = -1;
                for (int i = 0; i < w.length; i++) {
                    double d = Math.abs(got[i] - w[i]);
                    if (d > worst) { worst = d; at = i; }
                }
                assertTrue(worst <= 1e-4, "position " + p + ": |logit - reference| = " + worst + " at token " + at + " > 1e-4");
            }
        }
    }
}
