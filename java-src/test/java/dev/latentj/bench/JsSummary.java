package dev.latentj.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.engine.Backend;
import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import dev.latentj.reason.ModeConfig;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.soft.JsProbe;
import dev.latentj.soft.SoftThinkingConfig;
import dev.latentj.soft.SoftThinkingLoop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper 2's single-thread evidence over a dataset: the JS probe (vanilla Soft Thinking) at every soft
 * step of every problem, summarised. Usage: JsSummary MODEL.gguf DATASET [LIMIT]
 */
public final class JsSummary {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        List<Problem> problems = DatasetLoader.load(Path.of(args[1]), DatasetFormat.AUTO, args.length > 2 ? Integer.parseInt(args[2]) : 500).problems();
        List<Double> top1 = new ArrayList<>(), top2 = new ArrayList<>(), top12 = new ArrayList<>();
        int steps = 0;
        try (Model m = Model.load(model, new Model.Options(Backend.AUTO, 0))) {
            Reasoner r = new Reasoner(m);
            SoftThinkingConfig cfg = SoftThinkingConfig.defaults().withThinkEnd(r.defaultThinkEnd()).withMaxThinkingSteps(128);
            ModeConfig.SoftMode soft = new ModeConfig.SoftMode(cfg, SamplerConfig.greedy(), 128 + 8);
            try (Session s = m.newSession(Session.Options.of(3, m.config().nCtxTrain()))) {
                for (Problem p : problems) {
                    int[] q = r.encode(p.question());
                    SoftThinkingLoop loop = r.softLoop(soft, q.length);
                    JsProbe probe = new JsProbe(s, r.baseVocabLimit(), cfg.sampler().temperature());
                    loop.run(probe.prompt(q, loop.thinkingReadout()), probe);
                    for (JsProbe.Step st : probe.steps()) {
                        steps++;
                        top1.add(st.jsSoftTop1());
                        if (st.jsSoftTop2() != null) {
                            top2.add(st.jsSoftTop2());
                            top12.add(st.jsTop1Top2());
                        }
                    }
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("problems", problems.size());
        out.put("soft_steps", steps);
        out.put("steps_with_a_top2", top2.size());
        out.put("js_soft_top1", summary(top1));
        out.put("js_soft_top2", summary(top2));
        out.put("js_top1_top2", summary(top12));
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }

    static Map<String, Object> summary(List<Double> xs) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (xs.isEmpty()) return m;
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        m.put("n", v.length);
        m.put("mean", Arrays.stream(v).average().orElse(Double.NaN));
        for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) m.put("p" + (int) (q * 100), v[(int) Math.min(v.length - 1, Math.floor(q * v.length))]);
        double[] edges = {0, 0.01, 0.1, 0.3, 0.6, Math.log(2) + 1e-9};
        List<Integer> hist = new ArrayList<>();
        for (int b = 0; b + 1 < edges.length; b++) {
            final int bb = b;
            hist.add((int) Arrays.stream(v).filter(x -> x >= edges[bb] && x < edges[bb + 1]).count());
        }
        m.put("histogram_edges", edges);
        m.put("histogram", hist);
        return m;
    }
}
