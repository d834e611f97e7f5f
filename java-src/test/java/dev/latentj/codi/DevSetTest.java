package dev.latentj.codi;

import dev.latentj.bench.Dataset;
import dev.latentj.bench.DatasetFormat;
import dev.latentj.bench.DatasetLoader;
import dev.latentj.bench.Problem;
import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.convert.TokenizerSource;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.gguf.GgmlType;
import dev.latentj.reason.Answer;
import dev.latentj.reason.AnswerExtractor;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 500-problem dev set at F16 (CODI issue acceptance): accuracy of codi and cot within a point of
 * PyTorch's 0.362, texts equal to PyTorch's on at least 97% of problems, and batch 32 = batch 1.
 */
class DevSetTest {
    @TempDir
    static Path tmp;
    static Path gguf;
    static List<Problem> problems;

    @BeforeAll
    static void convert() throws IOException {
        Path src = Fixtures.fixture("codi-gpt2-tiny");
        gguf = tmp.resolve("codi-f16.gguf");
        CheckpointConverter.convert(src, gguf, ConvertOptions.of(GgmlType.F16).withExtension(TokenizerSource.extension(src, null)));
        Dataset d = DatasetLoader.load(Fixtures.fixture("synth/codi-synth-dev.jsonl"), DatasetFormat.AUTO);
        problems = d.problems();
        assertEquals(500, problems.size());
    }

    private static List<Answer> run(Reasoner r, String mode, int batch) {
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < problems.size(); i += batch) {
            List<String> qs = problems.subList(i, Math.min(problems.size(), i + batch)).stream().map(Problem::question).toList();
            out.addAll(mode.equals("codi") ? r.codi(qs, Codi.Options.defaults()) : r.cot(qs, 64, SamplerConfig.greedy(), mode));
        }
        return out;
    }

    private static void check(String mode, List<Answer> answers, String referenceKey) {
        int correct = 0, same = 0;
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            if (AnswerExtractor.isCorrect(answers.get(i).answer(), p.gold())) correct++;
            if (answers.get(i).text().equals(p.extra(referenceKey))) same++;
        }
        double acc = correct / (double) problems.size(), agree = same / (double) problems.size();
        assertTrue(Math.abs(acc - 0.362) <= 0.01, mode + ": accuracy " + acc + " is not within 1 point of 0.362");
        assertTrue(agree >= 0.97, mode + ": texts agree with PyTorch's on " + agree + " of problems (< 0.97)");
    }

    @Test
    void accuracyTextsAndBatchingAtF16() throws IOException {
        try (Model m = Model.load(gguf, new Model.Options(Backend.CPU, 0))) {
            Reasoner r = new Reasoner(m);
            List<Answer> codi32 = run(r, "codi", 32);
            List<Answer> cot32 = run(r, "cot", 32);
            check("codi", codi32, "reference_codi_text");
            check("cot", cot32, "reference_cot_text");
            List<Answer> codi1 = run(r, "codi", 1);
            for (int i = 0; i < problems.size(); i++) {
                assertEquals(codi1.get(i).text(), codi32.get(i).text(), "problem " + i + ": codi batch 32 differs from batch 1");
            }
        }
    }
}
