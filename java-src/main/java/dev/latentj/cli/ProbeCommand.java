package dev.latentj.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latentj.codi.Codi;
import dev.latentj.codi.CodiConfig;
import dev.latentj.codi.LatentProbe;
import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeConfig;
import dev.latentj.reason.Reasoner;
import dev.latentj.soft.JsProbe;
import dev.latentj.soft.SoftThinkingLoop;
import dev.latentj.soft.SoftThinkingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/** {@code latentj probe}: look inside latent reasoning. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Look inside latent reasoning. --latents: each CODI continuous thought read through the LM head "
                + "(CODI §5). --js: Soft Thinking's single-thread probe: JS divergence of the next-token distribution "
                + "after the concept token against its top-1 and top-2 tokens, from the same prefix, at every soft step.")
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    ModeFlags flags;

    @Mixin
    NoiseOption noise;

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

    @Option(names = "--json", description = "print JSON (default: a table per probe)")
    boolean json;

    @Parameters(index = "0", paramLabel = "PROMPT")
    String prompt;

    @Override
    public Integer call() throws Exception {
        try (Model m = model.load()) {
            Reasoner r = new Reasoner(m, special);
            IntFunction<String> token = id -> r.tokenizer().decode(new int[] {id}, true);
            String shown;
            if (kind.latents) {
                List<LatentProbe.Step> steps = latents(r);
                shown = json ? toJson(latentsDoc(steps, token)) : ProbeTables.latents(steps, token);
            } else {
                JsRun run = js(r);
                shown = json ? toJson(jsDoc(run, token)) : ProbeTables.js(run.steps(), token, run.text(), logitLens);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(shown);
            out.flush();
        }
        return 0;
    }

    private List<LatentProbe.Step> latents(Reasoner r) {
        CodiConfig cfg = r.codi().orElseThrow(() -> new IllegalArgumentException("--latents needs a model with CODI metadata (codi.*)"));
        if (logitLens) throw new IllegalArgumentException("--logit-lens goes with --js");
        Codi codi = new Codi(r.model(), cfg, r.tokenizer().eos());
        int[] q = r.encode(prompt);
        try (Session s = codi.newSession(1, q.length, new Codi.Options(1, true, false))) {
            return LatentProbe.probe(codi, s, q, top);
        }
    }

    private static Map<String, Object> latentsDoc(List<LatentProbe.Step> probed, IntFunction<String> token) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (LatentProbe.Step st : probed) {
            List<Map<String, Object>> toks = new ArrayList<>();
            for (LatentProbe.Token t : st.top()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", t.id());
                e.put("token", token.apply(t.id()));
                e.put("prob", t.prob());
                toks.add(e);
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("step", st.step());
            e.put("top", toks);
            steps.add(e);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("latents", steps);
        return doc;
    }

    /** The JS probe's steps and the text the probed run produced. */
    private record JsRun(List<JsProbe.Step> steps, String text) {}

    private JsRun js(Reasoner r) {
        Mode md = Mode.resolve("soft", false, noise.noise);
        // a soft mode's configuration is a SoftMode
        var cfg = ((ModeConfig.SoftMode) ModeConfig.of(md, flags.options(false), r.defaultThinkEnd())).seeded(flags.seed());
        int[] q = r.encode(prompt);
        SoftThinkingLoop loop = r.softLoop(cfg, q.length);
        try (Session s = r.model().newSession(Session.Options.of(3, r.softContext(q.length, loop)))) {
            JsProbe probe = new JsProbe(s, r.baseVocabLimit(), cfg.thinking().sampler().temperature(), logitLens);
            SoftThinkingResult res = loop.run(probe.prompt(q, loop.thinkingReadout()), probe);
            return new JsRun(List.copyOf(probe.steps()), r.text(res));
        }
    }

    private Map<String, Object> jsDoc(JsRun run, IntFunction<String> token) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (JsProbe.Step st : run.steps()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("step", st.step());
            e.put("token", token.apply(st.token()));
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
        doc.put("text", run.text());
        return doc;
    }

    private static String toJson(Map<String, Object> doc) throws JsonProcessingException {
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + System.lineSeparator();
    }
}
