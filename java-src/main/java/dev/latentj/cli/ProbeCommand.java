package dev.latentj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.codi.Codi;
import dev.latentj.codi.CodiConfig;
import dev.latentj.codi.LatentProbe;
import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import dev.latentj.reason.Reasoner;
import dev.latentj.soft.JsProbe;
import dev.latentj.soft.SoftThinkingConfig;
import dev.latentj.soft.SoftThinkingLoop;
import dev.latentj.soft.SoftThinkingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code latentj probe}: look inside latent reasoning. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Look inside latent reasoning. --latents: each CODI continuous thought read through the LM head "
                + "(CODI §5). --js: Soft Thinking's single-thread probe: JS divergence of the next-token distribution "
                + "after the concept token against its top-1 and top-2 tokens, from the same prefix, at every soft step.")
public final class ProbeCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    SoftOptions soft;

    static final class Kind {
        @Option(names = "--latents", required = true, description = "probe CODI's continuous thoughts")
        boolean latents;

        @Option(names = "--js", required = true, description = "JS-divergence probe of Soft Thinking")
        boolean js;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "--latents: tokens per thought (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--logit-lens", description = "--js: per layer, the share of each single-token run's top-5 in the soft run's top-10")
    boolean logitLens;

    @Option(names = "--special", description = "parse special tokens written in the prompt (chat templates, <think>) as tokens")
    boolean special;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Parameters(index = "0", paramLabel = "PROMPT")
    String prompt;

    @Override
    public Integer call() throws Exception {
        try (Model m = model.load()) {
            Reasoner r = new Reasoner(m, special);
            Map<String, Object> doc = kind.latents ? latents(r) : js(r);
            if (json) {
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            } else {
                print(doc);
            }
        }
        return 0;
    }

    private Map<String, Object> latents(Reasoner r) {
        CodiConfig cfg = r.codi().orElseThrow(() -> new IllegalArgumentException("--latents needs a model with CODI metadata (codi.*)"));
        if (logitLens) throw new IllegalArgumentException("--logit-lens goes with --js");
        Codi codi = new Codi(r.model(), cfg, r.tokenizer().eos());
        int[] q = r.encode(prompt);
        List<Map<String, Object>> steps = new ArrayList<>();
        try (Session s = codi.newSession(1, q.length, new Codi.Options(1, true, false))) {
            for (LatentProbe.Step st : LatentProbe.probe(codi, s, q, top)) {
                List<Map<String, Object>> toks = new ArrayList<>();
                for (LatentProbe.Token t : st.top()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("id", t.id());
                    e.put("token", r.tokenizer().decode(new int[] {t.id()}, true));
                    e.put("prob", t.prob());
                    toks.add(e);
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("step", st.step());
                e.put("top", toks);
                steps.add(e);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("latents", steps);
        return doc;
    }

    private Map<String, Object> js(Reasoner r) {
        SoftThinkingConfig cfg = soft.config(sampling, r.defaultThinkEnd());
        int[] q = r.encode(prompt);
        SoftThinkingLoop loop = r.softLoop(cfg, soft.answerSampler(sampling), 16);
        List<Map<String, Object>> steps = new ArrayList<>();
        try (Session s = r.model().newSession(Session.Options.of(3, r.softContext(q.length, loop)))) {
            JsProbe probe = new JsProbe(s, r.baseVocabLimit(), cfg.temperature(), logitLens);
            SoftThinkingResult res = loop.run(probe.prompt(q, loop.thinkingReadout()), probe);
            for (JsProbe.Step st : probe.steps()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("step", st.step());
                e.put("token", r.tokenizer().decode(new int[] {st.token()}, true));
                e.put("token_id", st.token());
                e.put("js_soft_top1", st.jsSoftTop1());
                e.put("js_soft_top2", st.jsSoftTop2());
                e.put("js_top1_top2", st.jsTop1Top2());
                if (logitLens) {
                    e.put("lens_top1_overlap", st.lensTop1());
                    e.put("lens_top2_overlap", st.lensTop2());
                }
                steps.add(e);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("steps", steps);
            doc.put("text", r.text(res));
            return doc;
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> doc) {
        for (var e : doc.entrySet()) {
            if (e.getValue() instanceof List<?> list) {
                for (Object o : list) System.out.println(o);
            } else {
                System.out.println(e.getKey() + ": " + e.getValue());
            }
        }
    }
}
