package dev.latentj.soft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.TokenizerSource;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.gguf.GgmlType;
import dev.latentj.reason.Answer;
import dev.latentj.reason.ModeConfig;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * As the temperature goes to 0 the concept token becomes one-hot, so vanilla Soft Thinking must write
 * exactly the greedy CoT text: on the engine, mixture rows of weight 1 equal token rows bit for bit.
 */
class SoftThinkingGreedyLimitTest {
    @TempDir
    static Path tmp;

    @Test
    void vanillaSoftThinkingAtTinyTemperatureIsGreedyCot() throws IOException {
        Path src = Fixtures.fixture("codi-gpt2-tiny");
        Path gguf = tmp.resolve("codi-f32.gguf");
        CheckpointConverter.convert(src, gguf, ConvertOptions.of(GgmlType.F32).withExtension(TokenizerSource.extension(src, null)));
        JsonNode ref = new ObjectMapper().readTree(src.resolve("reference.json").toFile());
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 0))) {
            Reasoner r = new Reasoner(m);
            SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withTemperature(1e-4f).withThinkEnd("The answer is:");
            ModeConfig.SoftMode soft = new ModeConfig.SoftMode(cfg, SamplerConfig.greedy(), 64);
            for (int c = 0; c < ref.get("cases").size(); c++) {
                JsonNode cs = ref.get("cases").get(c);
                Answer a = r.soft(cs.get("question").asText(), soft, "soft");
                assertEquals(cs.get("cot_greedy_text").asText(), a.text(), "case " + c + ": soft thinking at T=1e-4 vs greedy CoT");
            }
        }
    }
}
