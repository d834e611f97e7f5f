package dev.latentj.cli;

import dev.latentj.bench.BenchSpec;
import dev.latentj.bench.ModeRunner;
import dev.latentj.bench.Problem;
import dev.latentj.bench.Seeds;
import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.Mode;
import dev.latentj.reason.Reasoner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's modes on the engine, all on one loaded model, each through {@link Reasoner#answer}. Every problem
 * draws from its own seed, {@link Seeds#of}(seed, sample, index), so answers do not depend on --batch or --limit.
 */
final class BenchRunners {
    private BenchRunners() {}

    /** Runners for the spec's modes; closing any of them closes the shared model, once. */
    static Map<String, ModeRunner> create(BenchSpec spec, Model model) throws Exception {
        Reasoner r;
        try {
            r = new Reasoner(model);
        } catch (Exception e) {
            model.close();
            throw e;
        }
        Runnable closeModel = new Runnable() {
            private boolean closed;

            @Override
            public void run() {
                if (!closed) {
                    closed = true;
                    model.close();
                }
            }
        };
        Map<String, ModeRunner> out = new LinkedHashMap<>();
        for (String id : spec.modes()) {
            Mode mode = Mode.of(id);
            if (mode == Mode.CODI && r.codi().isEmpty()) {
                // a mode the model cannot run at all is an error, not a failure of every problem
                model.close();
                throw new IllegalArgumentException("--modes codi needs a model with CODI metadata (codi.*); " + spec.modelLabel() + " has none");
            }
            out.put(id, new ModeRunner() {
                @Override
                public List<Answer> run(List<Problem> batch, int sample) {
                    List<String> questions = batch.stream().map(Problem::question).toList();
                    List<Long> seeds = batch.stream().map(p -> Seeds.of(spec.seed(), sample, p.index())).toList();
                    return r.answer(mode, spec.options(), questions, seeds);
                }

                @Override
                public String backend() {
                    return model.backendName();
                }

                @Override
                public void close() {
                    closeModel.run();
                }
            });
        }
        return out;
    }
}
