package dev.latentj.train;

import dev.latentj.codi.CodiConfig;
import dev.latentj.engine.Backend;
import dev.latentj.gguf.GgufFile;
import dev.latentj.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CODI's three tokens added to a model's vocabulary and embedding, ready to train. */
class CodiTokensTest {
    @TempDir
    Path tmp;

    @Test
    void addsPadBotAndEotWithMeanEmbeddingsAndTrains() throws IOException {
        Path base = TrainFixtures.codiGpt2TinyF32(tmp), out = tmp.resolve("more.gguf");
        CodiConfig c;
        try (GgufFile f = GgufFile.open(base)) {
            c = CodiTokens.addTo(f, out, 2);
        }
        assertEquals(new CodiConfig(50261, 50262, 50260, 2, "The answer is:"), c);
        try (GgufFile f = GgufFile.open(out)) {
            Tokenizer tok = Tokenizer.fromGguf(f);
            assertEquals(50263, tok.vocabSize());
            assertArrayEquals("<|bocot|>".getBytes(), tok.tokenBytes(50261));
            assertEquals(c, CodiConfig.from(f.metadata(), 50263).orElseThrow());
            float[] e = f.tensorData(f.tensor("token_embd.weight").orElseThrow()).toArray(ValueLayout.JAVA_FLOAT);
            double mean0 = 0;
            for (int r = 0; r < 50260; r++) mean0 += e[r * 256];
            assertEquals(mean0 / 50260, e[50262 * 256], 1e-6, "a new row is the mean of the old ones");

            try (Trainer tr = Trainer.create(f, new Trainer.Options(2, 1f, 0, 16f, 1, 0, Backend.CPU, 0))) {
                Example ex = Example.of(tok, new Example.Tokens(c.botId(), c.eotId(), tok.eos(), c.answerPrompt()),
                        new TrainItem("Tom has 3 apples and buys 2 more. How many apples?", "<<3+2=5>> <<5*1=5>>", "5"));
                assertEquals(c.botId(), ex.prompt()[ex.prompt().length - 1]);
                assertTrue(Float.isFinite(tr.batch(List.of(ex), 1f, true).loss()));
            }
        }
    }
}
