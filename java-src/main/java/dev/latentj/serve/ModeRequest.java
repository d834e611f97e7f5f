package dev.latentj.serve;

import dev.latentj.codi.CodiConfig;
import dev.latentj.reason.Reasoner;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.soft.Noise;
import dev.latentj.soft.SoftThinkingConfig;

import java.util.Locale;

/**
 * A request's reasoning mode, from its {@code reasoning} object and OpenAI sampling fields, with the CLI's defaults
 * ({@code latentj run}: RunCommand, SamplingOptions, SoftOptions). All of the request-to-mode mapping is here, so
 * that it can move onto the library's mode type in one place.
 *
 * <p>Without {@code reasoning.mode}, a CODI model answers with codi and any other model with plain generation.
 * {@code max_tokens} bounds the answer (codi: after the latents; soft: after thinking, which
 * {@code reasoning.max_thinking} bounds) or, for cot and generate, every generated token. Absent, each defaults as
 * in the CLI (codi 32, cot 256, generate 128, soft 64), shortened to what the context leaves; given, it must fit.
 */
final class ModeRequest {

    /** The {@code reasoning} object; null fields take the CLI's defaults. */
    record Fields(String mode, String noise, Double gamma, Double gumbelTau, Integer maxTopK, String thinkEnd,
                  Float coldStopEntropy, Integer coldStopPatience, Integer maxThinking, boolean returnThoughts) {
        static final Fields NONE = new Fields(null, null, null, null, null, null, null, null, null, false);
    }

    /** OpenAI's sampling fields (llama.cpp's top_k and min_p too); null when absent. */
    record Sampling(Float temperature, Float topP, Integer topK, Float minP) {
        boolean sampling() {
            return temperature != null && temperature > 0;
        }

        /** Whether a filter is set to something other than "off". */
        boolean filters() {
            return (topP != null && topP < 1f) || (topK != null && topK > 0) || (minP != null && minP > 0f);
        }
    }

    /**
     * What one prompt runs: the mode's name in logs and metrics (codi, cot-greedy, cot-sample, generate, soft-vanilla,
     * soft-dirichlet, soft-gumbel), whether its choices keep thoughts, and how each choice's task is built from its seed.
     */
    record Plan(String label, boolean thoughts, TaskFactory factory) {
        SlotTask task(Completion c, ChoiceOutput out, long seed) {
            return factory.make(c, out, seed);
        }
    }

    @FunctionalInterface
    interface TaskFactory {
        SlotTask make(Completion c, ChoiceOutput out, long seed);
    }

    static final int MAX_TOPK = 64;

    private final Reasoner reasoner;
    private final int context;

    ModeRequest(Reasoner reasoner, int context) {
        this.reasoner = reasoner;
        this.context = context;
    }

    /** The mode for one tokenized prompt; 400 when the request asks for something this model or context cannot do. */
    Plan plan(Fields f, Sampling s, Integer maxTokens, int[] prompt) {
        String mode = f.mode() != null ? f.mode().toLowerCase(Locale.ROOT) : reasoner.codi().isPresent() ? "codi" : "generate";
        if (f.maxTopK() != null && (f.maxTopK() < 1 || f.maxTopK() > MAX_TOPK)) {
            throw ApiException.invalid("reasoning.max_topk", "max_topk must be in [1, " + MAX_TOPK + "], got " + f.maxTopK());
        }
        int maxTopK = f.maxTopK() != null ? f.maxTopK() : 10;
        try {
            return switch (mode) {
                case "codi" -> codi(f, s, maxTokens, prompt, maxTopK);
                case "cot", "generate" -> tokens(mode, s, maxTokens, prompt);
                case "soft" -> soft(f, s, maxTokens, prompt, maxTopK);
                default -> throw ApiException.invalid("reasoning.mode", "unknown mode '" + f.mode() + "' (codi, cot, soft or generate)");
            };
        } catch (IllegalArgumentException e) {
            // the library's own checks (a γ or τ out of range, a think-end without tokens)
            throw ApiException.invalid("reasoning", e.getMessage());
        }
    }

    private Plan codi(Fields f, Sampling s, Integer maxTokens, int[] question, int maxTopK) {
        CodiConfig cfg = reasoner.codi().orElseThrow(() -> ApiException.invalid("reasoning.mode",
                "mode codi needs a model with CODI metadata (codi.*); this one has none: use cot, soft or generate"));
        if (!reasoner.model().hasProjection()) {
            throw ApiException.invalid("reasoning.mode", "the model has CODI metadata but no projection tensors (codi.prj.*)");
        }
        if (s.sampling() || s.filters()) {
            throw ApiException.invalid("temperature", "mode codi decodes greedily; temperature, top_p, top_k and min_p apply to cot, generate and soft");
        }
        int[] prompt = java.util.Arrays.copyOf(question, question.length + 1);
        prompt[question.length] = cfg.botId();
        int reasoning = cfg.numLatent() + 1; // the latents and eot after the prompt (bot ends the prompt)
        int answer = answerBudget(maxTokens, 32, prompt.length + reasoning, "codi's bot, " + cfg.numLatent() + " latents and eot");
        int nVocab = reasoner.model().config().nVocab();
        // eot is masked from the answer by limiting the argmax to ids below it, when it is the last id (Codi.run)
        int limit = cfg.eotId() == nVocab - 1 ? cfg.eotId() : 0;
        boolean thoughts = f.returnThoughts();
        int eos = reasoner.tokenizer().eos();
        return new Plan("codi", thoughts, (c, out, seed) -> new CodiTask(c, out, prompt, cfg, limit, answer, eos, maxTopK));
    }

    private Plan tokens(String mode, Sampling s, Integer maxTokens, int[] prompt) {
        SamplerConfig sampler = sampler(s);
        boolean cot = mode.equals("cot");
        int n = answerBudget(maxTokens, cot ? 256 : 128, prompt.length, null);
        int limit = cot ? reasoner.baseVocabLimit() : 0;
        String reasoningEnd = cot ? reasoner.defaultThinkEnd() : null;
        String label = cot ? (sampler.isGreedy() ? "cot-greedy" : "cot-sample") : "generate";
        int eos = reasoner.tokenizer().eos();
        return new Plan(label, false,
                (c, out, seed) -> new TokenTask(c, out, prompt, sampler.withSeed(seed), limit, n, eos, reasoningEnd));
    }

    /** As SamplingOptions: greedy unless a positive temperature is given; filters need one. */
    private static SamplerConfig sampler(Sampling s) {
        if (!s.sampling()) {
            if (s.filters()) throw ApiException.invalid("temperature", "top_p, top_k and min_p need a positive temperature (without one decoding is greedy)");
            return SamplerConfig.greedy();
        }
        return new SamplerConfig(s.temperature(), s.topK() != null ? s.topK() : 0, s.topP() != null ? s.topP() : 1f,
                s.minP() != null ? s.minP() : 0f, 0L);
    }

    private Plan soft(Fields f, Sampling s, Integer maxTokens, int[] prompt, int maxTopK) {
        String noiseName = f.noise() != null ? f.noise().toLowerCase(Locale.ROOT) : "none";
        Noise noise = switch (noiseName) {
            case "none" -> new Noise.None();
            case "dirichlet" -> new Noise.Dirichlet(f.gamma() != null ? f.gamma() : 4.0);
            case "gumbel" -> new Noise.Gumbel(f.gumbelTau() != null ? f.gumbelTau() : 0.5);
            default -> throw ApiException.invalid("reasoning.noise", "unknown noise '" + f.noise() + "' (none, dirichlet or gumbel)");
        };
        // SoftOptions.config: the paper's thinking defaults unless the sampling fields say otherwise
        SoftThinkingConfig c = SoftThinkingConfig.defaults();
        if (s.temperature() != null) c = c.withTemperature(s.temperature());
        c = c.withFilters(s.topK() != null ? s.topK() : c.topK(), s.topP() != null ? s.topP() : c.topP(),
                s.minP() != null ? s.minP() : c.minP());
        c = c.withMaxTopK(maxTopK).withNoise(noise)
                .withColdStop(f.coldStopEntropy() != null ? f.coldStopEntropy() : 0.01f, f.coldStopPatience() != null ? f.coldStopPatience() : 256)
                .withThinkEnd(f.thinkEnd() != null ? f.thinkEnd() : reasoner.defaultThinkEnd());
        // SoftOptions.answerSampler: sampled like thinking (T 0.6, top-k 30, top-p 0.95, min-p 0) unless overridden
        SamplerConfig d = SamplerConfig.afterThinking();
        SamplerConfig answer = new SamplerConfig(s.temperature() != null ? s.temperature() : d.temperature(),
                s.topK() != null ? s.topK() : d.topK(), s.topP() != null ? s.topP() : d.topP(), d.minP(), 0L);

        int thinkEnd = reasoner.softLoop(c, answer, 0).thinkEnd().tokens().length;
        int answerTokens = answerBudget(maxTokens, 64, prompt.length + thinkEnd + 1, "a thinking step and the think-end");
        int room = context - prompt.length - thinkEnd - answerTokens;
        int thinking;
        if (f.maxThinking() != null) {
            if (f.maxThinking() < 1) throw ApiException.invalid("reasoning.max_thinking", "max_thinking must be >= 1");
            if (f.maxThinking() > room) {
                throw ApiException.invalid("reasoning.max_thinking", "context_length_exceeded", "max_thinking " + f.maxThinking()
                        + " does not fit: the prompt has " + prompt.length + " tokens, the think-end " + thinkEnd + ", the answer "
                        + answerTokens + ", and the context holds " + context + " (at most " + room + ")");
            }
            thinking = f.maxThinking();
        } else {
            thinking = Math.min(512, room);
        }
        SoftThinkingConfig config = c.withMaxThinkingSteps(thinking);
        String label = switch (noise) {
            case Noise.None n -> "soft-vanilla";
            case Noise.Dirichlet n -> "soft-dirichlet";
            case Noise.Gumbel n -> "soft-gumbel";
        };
        int limit = reasoner.baseVocabLimit();
        int eos = reasoner.tokenizer().eos();
        return new Plan(label, f.returnThoughts(), (comp, out, seed) -> new SoftTask(comp, out, prompt,
                reasoner.softLoop(config.withSeed(seed), answer.withSeed(seed), answerTokens), limit, eos));
    }

    /**
     * The answer's token budget: max_tokens when it fits after {@code used} positions, else 400; absent, the mode's
     * default shortened to what is left.
     */
    private int answerBudget(Integer maxTokens, int defaultTokens, int used, String reasoning) {
        int room = context - used;
        String what = "the prompt has " + (reasoning != null ? used + " positions with " + reasoning : used + " tokens")
                + " and the context holds " + context;
        if (room < 1) throw ApiException.invalid("prompt", "context_length_exceeded", "the prompt leaves no room to answer: " + what);
        if (maxTokens == null) return Math.min(defaultTokens, room);
        if (maxTokens > room) {
            throw ApiException.invalid("max_tokens", "context_length_exceeded",
                    "max_tokens " + maxTokens + " does not fit: " + what + " (at most " + room + ")");
        }
        return maxTokens;
    }
}
