package dev.latentj.bench;

import dev.latentj.codi.Codi;
import dev.latentj.codi.CodiConfig;
import dev.latentj.convert.CheckpointConverter;
import dev.latentj.convert.ConvertOptions;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import dev.latentj.gguf.GgmlType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Soak benchmark (not a unit test): N CODI runs on one model, each in a fresh session (so session and graph
 * memory is allocated and freed N times), reporting resident memory after warm-up and at the end.
 * Pass: RSS growth after warm-up under 5%. See bench/RESULTS.md for the command line and figures.
 * <p>Arguments: {@code [runs=10000] [warmup=500] [model.gguf]}; without a model, the embedded
 * models/codi-gpt2-tiny-q8_0.gguf if present, else the codi-gpt2-tiny fixture converted to F16.
 */
public final class CodiSoak {
    private static final int EOS = 50256;

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path model = args.length > 2 ? Path.of(args[2]) : defaultModel();
        System.out.printf("model %s, %d runs after %d warm-up runs%n", model, runs, warmup);
        List<int[]> questions = List.of(
                new int[] {464, 3290, 468, 642, 22523, 13, 679, 3607, 513, 13},
                new int[] {40, 423, 1115, 17790, 290, 4032, 734, 517, 13, 1374, 867, 466, 314, 423, 30},
                new int[] {32, 1492, 4340, 860, 290, 4425, 1115, 13});
        try (Model m = Model.load(model, new Model.Options(Backend.CPU, 2))) {
            Codi codi = new Codi(m, CodiConfig.from(m.file().metadata(), m.config().nVocab()).orElseThrow(), EOS);
            long t0 = System.nanoTime();
            long rssWarm = 0, peak = 0;
            int[] first = null;
            for (int i = 0; i < warmup + runs; i++) {
                int[] q = questions.get(i % questions.size());
                try (Session s = codi.newSession(1, q.length, Codi.Options.defaults())) {
                    int[] ans = codi.run(s, List.of(q), Codi.Options.defaults()).get(0).answerIds();
                    if (i == 0) first = ans;
                    else if (i % questions.size() == 0 && !java.util.Arrays.equals(first, ans)) {
                        throw new IllegalStateException("run " + i + " answered differently from run 0");
                    }
                }
                if (i + 1 == warmup) {
                    System.gc();
                    rssWarm = rssKb();
                    t0 = System.nanoTime();
                    System.out.printf("after warm-up: RSS %d KB%n", rssWarm);
                }
                if (i >= warmup && (i - warmup + 1) % 1000 == 0) {
                    long r = rssKb();
                    peak = Math.max(peak, r);
                    System.out.printf("run %d: RSS %d KB (%+.2f%%)%n", i - warmup + 1, r, 100.0 * (r - rssWarm) / rssWarm);
                }
            }
            System.gc();
            long end = rssKb();
            double growth = 100.0 * (end - rssWarm) / rssWarm;
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("end: RSS %d KB, peak %d KB, growth %+.2f%% after warm-up; %d runs in %.1f s (%.1f runs/s)%n",
                    end, Math.max(peak, end), growth, runs, secs, runs / secs);
            System.out.println(growth < 5.0 ? "PASS: RSS growth under 5%" : "FAIL: RSS grew 5% or more");
            if (growth >= 5.0) System.exit(1);
        }
    }

    private static Path defaultModel() throws IOException {
        Path embedded = Path.of("models", "codi-gpt2-tiny-q8_0.gguf");
        if (Files.exists(embedded)) return embedded;
        Path out = Path.of("target", "soak", "codi-gpt2-tiny-f16.gguf");
        if (!Files.exists(out)) {
            Files.createDirectories(out.getParent());
            Path src = Path.of(System.getProperty("latentj.shared", "../shared"), "fixtures", "codi-gpt2-tiny");
            CheckpointConverter.convert(src, out, ConvertOptions.of(GgmlType.F16));
        }
        return out;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
