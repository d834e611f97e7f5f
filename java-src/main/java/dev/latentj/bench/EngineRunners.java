package dev.latentj.bench;

import dev.latentj.codi.Codi;
import dev.latentj.engine.Model;
import dev.latentj.reason.Answer;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.soft.Noise;
import dev.latentj.soft.SoftThinkingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's modes on the native engine, all on one loaded model. Sampled modes seed each problem
 * from (seed, sample, index), so answers do not depend on --batch or --limit.
 */
public final class EngineRunners {
    private EngineRunners() {}

    /** Runners for the spec's modes; closing any of them closes the shared model once. */
    public static Map<String, ModeRunner> create(BenchSpec spec, Model model) throws Exception {
        Reasoner r = new Reasoner(model);
        GenerationOptions o = spec.options();
        Map<String, ModeRunner> out = new LinkedHashMap<>();
        boolean[] closed = {false};
        Runnable closeModel = () -> {
            if (!closed[0]) {
                closed[0] = true;
                model.close();
            }
        };
        for (String mode : spec.modes()) {
            ModeRunner runner = switch (Mode.of(mode)) {
                case CODI -> (batch, sample) -> answers(batch, r.codi(questions(batch), new Codi.Options(o.maxTokens().orElse(32), false, false)));
                case COT_GREEDY -> (batch, sample) -> answers(batch, r.cot(questions(batch), o.maxTokens().orElse(256), SamplerConfig.greedy(), mode));
                case COT_SAMPLE -> (batch, sample) -> {
                    List<SamplerConfig> samplers = new ArrayList<>();
                    for (Problem p : batch) samplers.add(cotSampler(o, Seeds.of(spec.seed(), sample, p.index())));
                    return answers(batch, r.cot(questions(batch), o.maxTokens().orElse(256), samplers, mode));
                };
                case SOFT_VANILLA -> soft(r, spec, new Noise.None(), mode);
                case SOFT_DIRICHLET -> soft(r, spec, new Noise.Dirichlet(o.gamma().orElse(4.0)), mode);
                case SOFT_GUMBEL -> soft(r, spec, new Noise.Gumbel(o.gumbelTau().orElse(0.5)), mode);
            };
            out.put(mode, new ModeRunner() {
                @Override
                public List<Generation> run(List<Problem> batch, int sample) throws Exception {
                    return runner.run(batch, sample);
                }

                @Override
                public void close() {
                    closeModel.run();
                }
            });
        }
        return out;
    }

    /** cot-sample: T 0.6, top-p 0.95, top-k 30 unless the flags say otherwise. */
    static SamplerConfig cotSampler(GenerationOptions o, long seed) {
        return new SamplerConfig((float) o.temperature().orElse(0.6), o.topK().orElse(30), (float) o.topP().orElse(0.95),
                (float) o.minP().orElse(0.0), seed);
    }

    private static ModeRunner soft(Reasoner r, BenchSpec spec, Noise noise, String mode) {
        GenerationOptions o = spec.options();
        String defaultEnd = r.defaultThinkEnd();
        return (batch, sample) -> {
            List<SoftThinkingConfig> configs = new ArrayList<>();
            List<SamplerConfig> answers = new ArrayList<>();
            for (Problem p : batch) {
                long seed = Seeds.of(spec.seed(), sample, p.index());
                SoftThinkingConfig d = SoftThinkingConfig.defaults();
                SoftThinkingConfig cfg = d.withTemperature((float) o.temperature().orElse(d.temperature()))
                        .withFilters(o.topK().orElse(d.topK()), (float) o.topP().orElse(d.topP()), (float) o.minP().orElse(d.minP()))
                        .withNoise(noise)
                        .withColdStop((float) o.coldStopEntropy().orElse(d.coldStopEntropy()), o.coldStopPatience().orElse(d.coldStopPatience()))
                        .withMaxThinkingSteps(512).withThinkEnd(o.thinkEnd().orElse(defaultEnd)).withSeed(seed);
                SamplerConfig after = SamplerConfig.afterThinking();
                configs.add(cfg);
                answers.add(new SamplerConfig(cfg.temperature(), cfg.topK(), cfg.topP(), after.minP(), seed ^ 0x5DEECE66DL));
            }
            // the batch advances together; each problem's seeds make its answer the one it gets alone
            return answers(batch, r.soft(questions(batch), configs, answers, o.maxTokens().orElse(64), mode));
        };
    }

    private static List<String> questions(List<Problem> batch) {
        return batch.stream().map(Problem::question).toList();
    }

    private static List<Generation> answers(List<Problem> batch, List<Answer> answers) {
        List<Generation> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Answer a = answers.get(i);
            out.add(new Generation(batch.get(i).index(), a.text(), a.reasoningPositions(), a.latencyMs()));
        }
        return out;
    }
}
