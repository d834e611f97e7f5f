package dev.latentj.engine;

import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.sampling.TopK;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The device's argmax, top-K and entropy agree with the same reduction of the full logits in Java. */
class DeviceReduceTest {
    @TempDir
    static Path tmp;

    @ParameterizedTest(name = "T={0} k={1} limit={2}")
    @CsvSource({"0.6, 30, 0", "1.0, 64, 500", "0.0001, 10, 0", "2.0, 1, 256"})
    void topKAndEntropyMatchJava(float temperature, int k, int limit) throws IOException {
        Path gguf = tmp.resolve("llama.gguf");
        if (!gguf.toFile().exists()) HfConverter.convert(Fixtures.fixture("arch-llama"), gguf, GgmlType.F32, null);
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 0)); Session s = m.newSession(Session.Options.single())) {
            s.setReduce(k, temperature, limit);
            List<Row> rows = new ArrayList<>();
            int[] ids = {455, 373, 452, 353, 225, 142, 468, 299};
            for (int p = 0; p < ids.length; p++) rows.add(new Row.Token(0, p, ids[p], Row.Output.LOGITS));
            s.decode(rows);
            for (int o = 0; o < ids.length; o++) {
                float[] logits = s.logits(o);
                TopK want = TopK.fromLogits(logits, temperature, k, limit);
                TopK got = s.topK(o, k);
                String where = "output " + o + " T=" + temperature;
                for (int j = 0; j < k; j++) {
                    assertEquals(want.probs()[j], got.probs()[j], 1e-5, where + ": prob " + j);
                    // ids whose probability underflowed to 0 may come in any order
                    if (want.probs()[j] > 0) assertEquals(want.ids()[j], got.ids()[j], where + ": top-k id " + j);
                }
                assertEquals(want.entropy(), got.entropy(), 1e-4, where + ": entropy");
                assertEquals(want.ids()[0], s.argmax(o), where + ": argmax");
            }
        }
    }
}
