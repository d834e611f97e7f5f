package dev.latentj.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure-Java parts of a training run: the schedule, the data files and the order of examples. */
class TrainLoopTest {
    @Test
    void scheduleWarmsUpLinearlyThenFollowsACosineToZero() {
        LrSchedule s = LrSchedule.of(LrSchedule.Kind.COSINE, 1e-3, 0.1, 100);
        assertEquals(10, s.warmup());
        assertEquals(0.0, s.at(0));
        assertEquals(5e-4, s.at(5), 1e-12);
        assertEquals(1e-3, s.at(10), 1e-12);
        assertEquals(5e-4, s.at(55), 1e-12);
        assertEquals(0.0, s.at(100), 1e-12);
        LrSchedule c = LrSchedule.of(LrSchedule.Kind.CONSTANT, 1e-3, 0.0, 100);
        assertEquals(1e-3, c.at(0));
        assertEquals(1e-3, c.at(99));
    }

    @Test
    void readsJsonLinesAndIcotText(@TempDir Path dir) throws IOException {
        Path j = dir.resolve("a.jsonl");
        Files.writeString(j, "{\"question\": \"Q1?\", \"cot\": \"<<1+1=2>> <<2*3=6>>\", \"answer\": \"6\", \"template\": 3}\n\n");
        assertEquals(List.of(new TrainItem("Q1?", "<<1+1=2>> <<2*3=6>>", "6")), TrainData.read(j, TrainData.Format.AUTO));
        Path t = dir.resolve("a.txt");
        Files.writeString(t, "How many?||<<4-2=2>> <<1000*2=2000>> #### 2,000\n");
        assertEquals(List.of(new TrainItem("How many?", "<<4-2=2>> <<1000*2=2000>>", "2000")), TrainData.read(t, TrainData.Format.AUTO));
        Files.writeString(t, "no separator here\n");
        TrainDataException e = assertThrows(TrainDataException.class, () -> TrainData.read(t, TrainData.Format.ICOT));
        assertTrue(e.getMessage().contains("a.txt:1"), e.getMessage());
        Files.writeString(j, "{\"question\": \"Q\"}\n");
        assertThrows(TrainDataException.class, () -> TrainData.read(j, TrainData.Format.JSONL));
    }

    @Test
    void everyEpochTakesEachExampleOnceInASeededOrder() {
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < 10; i++) data.add(new Example(new int[] {i}, new int[] {i, i}, 1, 0, new int[] {i, i}, 0));
        TrainConfig cfg = new TrainConfig(1e-3f, 0, LrSchedule.Kind.CONSTANT, 0, 0, 0.9f, 0.999f, 1e-8f, 3, 2, 2, 0, 7, true);
        CodiTraining run = new CodiTraining(null, data, cfg);
        assertEquals(4, run.totalSteps()); // ceil(10 * 2 / 6)
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<Integer> seen = new HashSet<>();
            for (Example e : run.rows(epoch * 10L, 10)) seen.add(e.prompt()[0]);
            assertEquals(10, seen.size(), "epoch " + epoch);
        }
        assertTrue(!run.rows(0, 10).equals(run.rows(10, 10)), "each epoch has its own order");
        assertEquals(run.rows(3, 5), new CodiTraining(null, data, cfg).rows(3, 5), "the order is a function of the seed");
        TrainConfig inOrder = new TrainConfig(1e-3f, 0, LrSchedule.Kind.CONSTANT, 0, 0, 0.9f, 0.999f, 1e-8f, 3, 1, 1, 5, 7, false);
        List<Example> firstThree = new CodiTraining(null, data, inOrder).rows(0, 3);
        assertEquals(data.subList(0, 3), firstThree);
    }
}
