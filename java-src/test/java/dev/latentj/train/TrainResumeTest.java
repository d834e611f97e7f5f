package dev.latentj.train;

import dev.latentj.codi.CodiConfig;
import dev.latentj.engine.Backend;
import dev.latentj.gguf.GgufFile;
import dev.latentj.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run through the optimiser loop: LoRA training lowers the loss, and a checkpoint resumes it exactly. */
class TrainResumeTest {
    @TempDir
    static Path tmp;
    static Path gguf;
    static List<Example> data;

    static final Trainer.Options LORA = new Trainer.Options(6, 1f, 4, 8f, 3, 0, Backend.CPU, 0);
    static final TrainConfig CONFIG = new TrainConfig(2e-3f, 0f, LrSchedule.Kind.CONSTANT, 0.01f, 1f, 0.9f, 0.999f, 1e-8f,
            2, 1, 1, 4, 5, true);

    @BeforeAll
    static void setUp() throws IOException {
        gguf = TrainFixtures.codiGpt2TinyF32(tmp);
        Path jsonl = tmp.resolve("train.jsonl");
        Files.write(jsonl, TrainFixtures.trainLines(6));
        try (GgufFile f = GgufFile.open(gguf)) {
            Tokenizer tok = Tokenizer.fromGguf(f);
            CodiConfig c = CodiConfig.from(f.metadata(), 50260).orElseThrow();
            data = new ArrayList<>();
            for (TrainItem it : TrainData.read(jsonl, TrainData.Format.AUTO)) {
                data.add(Example.of(tok, new Example.Tokens(c.botId(), c.eotId(), tok.eos(), c.answerPrompt()), it));
            }
        }
    }

    static Trainer trainer() throws IOException {
        try (GgufFile f = GgufFile.open(gguf)) {
            return Trainer.create(f, LORA);
        }
    }

    @Test
    void aResumedRunContinuesExactlyWhereTheCheckpointStopped() throws IOException {
        List<CodiTraining.Step> straight = new ArrayList<>();
        try (Trainer tr = trainer()) {
            assertTrue(tr.tensors().stream().anyMatch(t -> t.name().equals("blk.0.attn_qkv.weight.lora_a") && t.trainable()));
            assertFalse(tr.info("blk.0.attn_qkv.weight").trainable(), "LoRA freezes the base");
            assertTrue(new CodiTraining(tr, data, CONFIG).run(straight::add, () -> false));
        }
        assertEquals(4, straight.size());

        Path ckpt = tmp.resolve("run.ckpt");
        List<CodiTraining.Step> resumed = new ArrayList<>();
        try (Trainer tr = trainer()) {
            assertFalse(new CodiTraining(tr, data, CONFIG).run(resumed::add, () -> tr.steps() == 2), "cancelled after two steps");
            Checkpoint.save(tr, ckpt, "fingerprint");
        }
        try (Trainer tr = trainer()) {
            assertEquals(2, Checkpoint.restore(tr, ckpt, "fingerprint"));
            assertTrue(new CodiTraining(tr, data, CONFIG).run(resumed::add, () -> false));
        }
        assertEquals(4, resumed.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(straight.get(i).step(), resumed.get(i).step());
            assertEquals(straight.get(i).loss(), resumed.get(i).loss(), 1e-6 * straight.get(i).loss(), "loss at step " + (i + 1));
            assertEquals(straight.get(i).gradNorm(), resumed.get(i).gradNorm(), 1e-5 * straight.get(i).gradNorm(), "|grad| at step " + (i + 1));
        }
        try (Trainer tr = trainer()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Checkpoint.restore(tr, ckpt, "another run"));
            assertTrue(e.getMessage().contains("another run") || e.getMessage().contains("checkpoint of another run"), e.getMessage());
        }
    }

    @Test
    void theExportedModelHasTheAdaptersMergedAndComputesTheSameLoss() throws IOException {
        Path out = tmp.resolve("merged.gguf");
        Trainer.Losses lora;
        try (GgufFile f = GgufFile.open(gguf); Trainer tr = Trainer.create(f, LORA)) {
            Trainer.AdamW adamw = new Trainer.AdamW(1e-2f, 0.9f, 0.999f, 1e-8f, 0f);
            for (int s = 0; s < 2; s++) {
                tr.batch(data.subList(0, 2), 1f, true);
                tr.step(adamw, 1f);
            }
            lora = tr.batch(data.subList(2, 4), 1f, false);
            CodiExport.write(tr, f, CodiConfig.from(f.metadata(), 50260).orElseThrow(), 6, out);
        }
        try (GgufFile f = GgufFile.open(out); Trainer tr = Trainer.create(f, new Trainer.Options(6, 1f, 0, 16f, 3, 0, Backend.CPU, 0))) {
            assertTrue(tr.tensors().stream().noneMatch(t -> t.name().contains("lora")), "no adapters in the export");
            Trainer.Losses merged = tr.batch(data.subList(2, 4), 1f, false);
            assertEquals(lora.loss(), merged.loss(), 1e-5 * lora.loss(), "loss of the merged model");
            assertEquals(lora.kd(), merged.kd(), 1e-4 * lora.kd(), "kd of the merged model");
        }
        try (GgufFile base = GgufFile.open(gguf); GgufFile f = GgufFile.open(out)) {
            assertTrue(!Arrays.equals(floats(base, "blk.0.attn_qkv.weight"), floats(f, "blk.0.attn_qkv.weight")), "adapted weights changed");
            assertTrue(Arrays.equals(floats(base, "token_embd.weight"), floats(f, "token_embd.weight")), "frozen weights kept");
        }
    }

    static float[] floats(GgufFile f, String name) {
        var t = f.tensor(name).orElseThrow();
        return f.tensorData(t).toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
    }

    @Test
    void trainingFromRandomInitLowersEveryLossTermOnARepeatedBatch() throws IOException {
        List<Example> two = data.subList(0, 2);
        try (GgufFile f = GgufFile.open(gguf); Trainer tr = Trainer.create(f, new Trainer.Options(6, 1f, 0, 16f, 3, 0, Backend.CPU, 0))) {
            RandomInit.apply(tr, 11);
            Trainer.AdamW adamw = new Trainer.AdamW(3e-3f, 0.9f, 0.999f, 1e-8f, 0f);
            Trainer.Losses first = tr.batch(two, 1f, false);
            for (int s = 0; s < 8; s++) {
                tr.batch(two, 1f, true);
                tr.step(adamw, 1f);
            }
            Trainer.Losses last = tr.batch(two, 1f, false);
            assertTrue(last.ceStudent() < first.ceStudent() && last.ceTeacher() < first.ceTeacher() && last.kd() < first.kd(),
                    "before " + first + ", after " + last);
        }
    }
}
