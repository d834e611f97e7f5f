package dev.latentj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.codi.CodiConfig;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.train.TrainFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `latentj train codi` through Main: its usage errors, and a short run whose output `latentj run` can load. */
class TrainCodiCommandTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void usageErrorsExitTwoAndMissingFilesOne() throws Exception {
        Path data = tmp.resolve("d.jsonl");
        Files.writeString(data, "{\"question\": \"Q?\", \"cot\": \"<<1+1=2>>\", \"answer\": \"2\"}\n");
        assertEquals(2, console.run("train", "codi", "--data", data.toString(), "--out", tmp.resolve("o.gguf").toString()));
        assertEquals(2, console.run("train", "codi", "--base", data.toString(), "--data", data.toString(), "--out", "o.gguf", "--schedule", "linear"));
        assertEquals(2, console.run("train", "codi", "--base", data.toString(), "--data", data.toString(), "--out", "o.gguf", "--batch", "0"));
        assertEquals(1, console.run("train", "codi", "--base", tmp.resolve("none.gguf").toString(), "--data", data.toString(), "--out", "o.gguf"));
        assertTrue(console.err().startsWith("error: base model not found"), console.err());
        assertFalse(console.err().contains("Exception"), "no stack trace");
    }

    @Test
    void aShortRunPrintsOneJsonLinePerStepAndWritesARunnableModel() throws Exception {
        Path base = TrainFixtures.codiGpt2TinyF32(tmp);
        Path data = tmp.resolve("train.jsonl");
        Files.write(data, TrainFixtures.trainLines(4));
        Path model = tmp.resolve("trained.gguf");
        assertEquals(0, console.run("train", "codi", "--base", base.toString(), "--data", data.toString(), "--out", model.toString(),
                "--full", "--steps", "2", "--batch", "2", "--lr", "1e-4", "--kd-factor", "1", "--backend", "cpu", "--json"),
                console.err());
        List<String> lines = console.out().lines().toList();
        assertEquals(2, lines.size(), console.out());
        for (int i = 0; i < 2; i++) {
            JsonNode j = new ObjectMapper().readTree(lines.get(i));
            List<String> fields = new java.util.ArrayList<>();
            j.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("step", "loss", "ce_student", "ce_teacher", "kd", "lr", "grad_norm"), fields);
            assertEquals(i + 1, j.get("step").asInt());
            assertTrue(j.get("loss").asDouble() > 0 && j.get("grad_norm").asDouble() > 0, lines.get(i));
        }
        assertFalse(Files.exists(tmp.resolve("trained.gguf.ckpt")), "a finished run leaves no checkpoint");
        try (Model m = Model.load(model, new Model.Options(Backend.CPU, 0))) {
            assertTrue(m.hasProjection());
            CodiConfig c = CodiConfig.from(m.file().metadata(), m.config().nVocab()).orElseThrow();
            assertEquals(50258, c.botId());
            assertEquals(6, c.numLatent());
        }
        assertEquals(0, console.run("run", "-m", model.toString(), "--backend", "cpu", "--json", "Anna has 2 bags with 2 pens in each bag. How many pens?"),
                console.err());
        assertTrue(new ObjectMapper().readTree(console.out()).get("text").asText().startsWith("The answer is:"));
    }

    @Test
    void aQuantisedBaseIsDequantisedAndTrains() throws Exception {
        Path data = tmp.resolve("train.jsonl");
        Files.write(data, List.of(
                "{\"question\": \"Anna has 2 bags with 2 pens in each bag. Anna shares them equally among 2 friends. How many pens does each friend get?\", \"cot\": \"<<2*2=4>> <<4/2=2>>\", \"answer\": \"2\"}",
                "{\"question\": \"Omar buys 9 packs of shells with 4 in each pack and 3 packs with 4 in each pack. How many shells does Omar buy?\", \"cot\": \"<<9*4=36>> <<3*4=12>> <<36+12=48>>\", \"answer\": \"48\"}"));
        String base = DefaultModel.path().toString(); // Q8_0
        // as it is: the trained weights, dequantised, so both cross-entropies start low
        assertEquals(0, console.run("train", "codi", "--base", base, "--data", data.toString(), "--out", tmp.resolve("ft.gguf").toString(),
                "--full", "--steps", "1", "--batch", "2", "--lr", "1e-6", "--backend", "cpu", "--json"), console.err());
        JsonNode tuned = new ObjectMapper().readTree(console.out());
        // from scratch: only the shape and tokenizer are kept, so each term starts near ln(50260) = 10.8
        assertEquals(0, console.run("train", "codi", "--base", base, "--data", data.toString(), "--out", tmp.resolve("new.gguf").toString(),
                "--random-init", "--full", "--steps", "1", "--batch", "2", "--backend", "cpu", "--json"), console.err());
        JsonNode scratch = new ObjectMapper().readTree(console.out());
        assertTrue(tuned.get("ce_student").asDouble() < 3 && tuned.get("ce_teacher").asDouble() < 3, tuned.toString());
        assertTrue(scratch.get("ce_student").asDouble() > 8 && scratch.get("ce_teacher").asDouble() > 8, scratch.toString());
        try (Model m = Model.load(tmp.resolve("new.gguf"), new Model.Options(Backend.CPU, 0));
             Model embedded = Model.load(DefaultModel.path(), new Model.Options(Backend.CPU, 0))) {
            assertEquals(embedded.config(), m.config(), "the shape is the base's");
        }
    }
}
