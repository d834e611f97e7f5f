package dev.latentj.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.codi.Codi;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.reason.Answer;
import dev.latentj.reason.AnswerExtractor;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.latentj.testing.Numerics.floats;
import static dev.latentj.testing.Numerics.ints;
import static dev.latentj.testing.Numerics.relErr;

/**
 * The device check (bench/gpu-check.sh runs it where a GPU is): forward passes on CUDA against the
 * transformers references, CODI and CoT on the embedded model on CUDA and CPU side by side (ids,
 * accuracy, latency), and per-step timings. Prints one JSON document.
 * Usage: GpuCheck FIXTURES_DIR MODEL.gguf DEV.jsonl [LIMIT]
 */
public final class GpuCheck {
    /** -Dgpucheck.device=cpu runs the same check on the CPU (a dry run where no GPU is). */
    static final Backend DEVICE = "cpu".equals(System.getProperty("gpucheck.device")) ? Backend.CPU : Backend.CUDA;

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of(args[0]);
        Path model = Path.of(args[1]);
        Path dev = Path.of(args[2]);
        int limit = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> out = new LinkedHashMap<>();

        Map<String, Object> arch = new LinkedHashMap<>();
        for (String a : List.of("gpt2", "llama", "qwen2", "qwen3")) {
            Path gguf = fixtures.resolve("arch-" + a + ".gguf");
            if (!Files.exists(gguf)) continue;
            JsonNode ref = json.readTree(fixtures.resolve("arch-" + a + "-reference.json").toFile());
            try (Model m = Model.load(gguf, new Model.Options(DEVICE, 0)); Session s = m.newSession(Session.Options.single())) {
                int[] ids = ints(ref.get("input_ids"));
                List<Row> rows = new ArrayList<>();
                for (int p = 0; p < ids.length; p++) rows.add(new Row.Token(0, p, ids[p], Row.Output.LOGITS));
                s.decode(rows);
                double worst = 0;
                for (int p = 0; p < ids.length; p++) worst = Math.max(worst, relErr(s.logits(p), floats(ref.get("logits").get(p))));
                arch.put(a, Map.of("backend", m.backendName(), "max_rel_err", worst));
            }
        }
        out.put("arch_logits_cuda_vs_transformers", arch);

        List<Problem> problems = DatasetLoader.load(dev, DatasetFormat.AUTO, limit).problems();
        List<String> qs = problems.stream().map(Problem::question).toList();
        Map<String, Object> codi = new LinkedHashMap<>();
        Map<Backend, List<Answer>> byBackend = new java.util.EnumMap<>(Backend.class);
        for (Backend b : List.of(DEVICE, Backend.CPU)) {
            try (Model m = Model.load(model, new Model.Options(b, 0))) {
                Reasoner r = new Reasoner(m);
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("device", m.backendName());
                for (int batch : new int[] {1, 32}) {
                    r.codi(qs.subList(0, Math.min(8, qs.size())), Codi.Options.defaults()); // warm-up
                    long t0 = System.nanoTime();
                    List<Answer> c = run(r, qs, batch, true);
                    double codiMs = (System.nanoTime() - t0) / 1e6 / qs.size();
                    t0 = System.nanoTime();
                    List<Answer> t = run(r, qs, batch, false);
                    double cotMs = (System.nanoTime() - t0) / 1e6 / qs.size();
                    res.put("batch" + batch, Map.of("codi_ms_per_problem", codiMs, "cot_ms_per_problem", cotMs,
                            "cot_over_codi", cotMs / codiMs, "codi_accuracy", accuracy(c, problems), "cot_accuracy", accuracy(t, problems)));
                    if (batch == 32) byBackend.put(b, c);
                }
                res.put("steps_us", steps(m));
                codi.put(b == DEVICE ? "device" : "cpu", res);
            }
        }
        int same = 0;
        List<Answer> g = byBackend.get(DEVICE), c = byBackend.get(Backend.CPU);
        for (int i = 0; i < g.size(); i++) if (g.get(i).text().equals(c.get(i).text())) same++;
        codi.put("codi_text_agreement_cuda_vs_cpu", same / (double) g.size());
        out.put("codi_embedded_model", codi);
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    private static List<Answer> run(Reasoner r, List<String> qs, int batch, boolean codi) {
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < qs.size(); i += batch) {
            List<String> b = qs.subList(i, Math.min(qs.size(), i + batch));
            out.addAll(codi ? r.codi(b, Codi.Options.defaults()) : r.cot(b, 64, SamplerConfig.greedy(), "cot"));
        }
        return out;
    }

    private static double accuracy(List<Answer> answers, List<Problem> problems) {
        int ok = 0;
        for (int i = 0; i < answers.size(); i++) {
            if (AnswerExtractor.isCorrect(answers.get(i).answer(), problems.get(i).gold())) ok++;
        }
        return ok / (double) answers.size();
    }

    /** Mean microseconds of a greedy token step, a latent step and a soft step at one position. */
    private static Map<String, Double> steps(Model m) {
        int[] prompt = {1858, 389, 807, 10559, 351, 860, 29707, 287, 1123, 3091, 13, 50258};
        int[] mixIds = {16791, 23, 9, 24, 28, 4761, 4211, 464, 3280, 318};
        float[] mixW = {0.5f, 0.1f, 0.08f, 0.07f, 0.06f, 0.05f, 0.05f, 0.04f, 0.03f, 0.02f};
        int n = 300;
        try (Session s = m.newSession(Session.Options.of(1, 64))) {
            Generation.prefill(s, new int[] {0}, List.of(prompt), Row.Output.HIDDEN);
            int pos = prompt.length;
            Map<String, Double> t = new LinkedHashMap<>();
            for (int round = 0; round < 2; round++) { // the first round warms up (and lets CUDA graphs capture)
                long t0 = System.nanoTime();
                s.setReduce(0, 1f, 50259);
                for (int i = 0; i < n; i++) {
                    s.decode(List.of(new Row.Token(0, pos, 464, Row.Output.LOGITS)));
                    s.argmax(0);
                }
                t.put("greedy_token_step", (System.nanoTime() - t0) / 1e3 / n);
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    s.removePositions(0, pos, -1);
                    s.latentLoop(new int[] {0}, 1, false, false);
                }
                t.put("latent_step", (System.nanoTime() - t0) / 1e3 / n);
                t0 = System.nanoTime();
                s.setReduce(30, 0.6f, 50257);
                for (int i = 0; i < n; i++) {
                    s.decode(List.of(new Row.Mixture(0, pos, mixIds, mixW, Row.Output.LOGITS)));
                    s.topK(0, 30);
                }
                t.put("soft_step", (System.nanoTime() - t0) / 1e3 / n);
            }
            // the device reduction against the same reduction of the full logits in Java
            dev.latentj.sampling.TopK got = s.topK(0, 30);
            dev.latentj.sampling.TopK want = dev.latentj.sampling.TopK.fromLogits(s.logits(0), 0.6f, 30, 50257);
            double maxProbDiff = 0;
            for (int j = 0; j < 30; j++) maxProbDiff = Math.max(maxProbDiff, Math.abs(got.probs()[j] - want.probs()[j]));
            t.put("topk_max_prob_diff_vs_java", maxProbDiff);
            t.put("topk_entropy_diff_vs_java", (double) Math.abs(got.entropy() - want.entropy()));
            t.put("topk_top1_same", got.ids()[0] == want.ids()[0] ? 1.0 : 0.0);
            return t;
        }
    }
}
