package dev.latentj.engine;

import dev.latentj.convert.HfConverter;
import dev.latentj.gguf.GgmlType;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The logit lens's per-layer states: the last layer is the final hidden state, the others differ. */
class LayerOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void lastLayerIsTheFinalHiddenState() throws IOException {
        Path gguf = tmp.resolve("gpt2.gguf");
        HfConverter.convert(Fixtures.fixture("arch-gpt2"), gguf, GgmlType.F32, null);
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 0)); Session s = m.newSession(Session.Options.single())) {
            List<Row> rows = new ArrayList<>();
            for (int p = 0; p < 6; p++) rows.add(new Row.Token(0, p, 10 + p, p >= 4 ? Row.Output.LOGITS : Row.Output.NONE));
            s.decode(rows);
            assertThrows(IllegalStateException.class, () -> s.layerHidden(0, 0), "layer outputs are off by default");
            s.setLayerOutputs(true);
            s.decode(rows);
            int last = m.config().nLayer() - 1;
            for (int o = 0; o < 2; o++) {
                assertArrayEquals(s.hidden(o), s.layerHidden(last, o), "output " + o + ": last layer vs final hidden state");
                assertFalse(java.util.Arrays.equals(s.layerHidden(0, o), s.hidden(o)), "output " + o + ": layer 0 equals the last");
            }
            assertThrows(IllegalArgumentException.class, () -> s.layerHidden(last + 1, 0));
        }
    }
}
