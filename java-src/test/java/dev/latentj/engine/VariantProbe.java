package dev.latentj.engine;

import dev.latentj.codi.Codi;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM of {@link CpuVariantTest}, run once per CPU variant on the embedded model: prints the loaded CPU
 * backend's features, the logits of the prompt's last position, the greedy id of every position, and the CODI
 * and greedy-CoT answers, one line each.
 */
public final class VariantProbe {
    static final String QUESTION = "There are 8 boxes with 9 pens in each box. 34 pens are taken out. How many pens are left?";

    public static void main(String[] args) throws Exception {
        try (Model model = Model.load(Path.of(args[0]), new Model.Options(Backend.CPU, 1))) {
            Reasoner reasoner = new Reasoner(model);
            int[] ids = reasoner.encode(QUESTION);
            System.out.println("features " + Backend.cpuFeatures());
            try (Session s = model.newSession(Session.Options.of(1, ids.length))) {
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < ids.length; i++) rows.add(new Row.Token(0, i, ids[i], Row.Output.LOGITS));
                s.decode(rows);
                StringBuilder greedy = new StringBuilder("greedy");
                for (int i = 0; i < ids.length; i++) greedy.append(' ').append(s.argmax(i));
                System.out.println(greedy);
                StringBuilder logits = new StringBuilder("logits");
                for (float v : s.logits(ids.length - 1)) logits.append(' ').append(v);
                System.out.println(logits);
            }
            System.out.println("codi " + reasoner.codi(List.of(QUESTION), Codi.Options.defaults()).get(0).text());
            System.out.println("cot " + reasoner.cot(List.of(QUESTION), 24, SamplerConfig.greedy(), "cot").get(0).text());
        }
    }
}
