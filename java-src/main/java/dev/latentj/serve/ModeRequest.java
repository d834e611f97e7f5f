package dev.latentj.serve;

import dev.latentj.codi.CodiConfig;
import dev.latentj.reason.Mode;
import dev.latentj.reason.ModeConfig;
import dev.latentj.reason.ModeOptions;
import dev.latentj.reason.Reasoner;
import dev.latentj.soft.SoftThinkingConfig;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A request's reasoning mode: {@code reasoning.mode} and {@code reasoning.noise} pick a {@link Mode} as
 * {@code latentj run --mode/--noise} do, the request's numeric fields are its {@link ModeOptions}, and
 * {@link ModeConfig#of} settles the defaults, so that the server and the CLI agree by construction.
 *
 * <p>Without {@code reasoning.mode}, a CODI model answers with codi and any other model with plain generation.
 * {@code max_tokens} is the mode's {@code --max-tokens} (codi: the answer after the latents; soft: thinking and
 * answer together); absent, the mode's default is shortened to what the context leaves; given, it must fit.
 */
final class ModeRequest {

    /** The {@code reasoning} object's choices that are not {@link ModeOptions}. */
    record Fields(String mode, String noise, boolean returnThoughts) {
        static final Fields NONE = new Fields(null, null, false);
    }

    /**
     * What one prompt runs: the mode's id in logs and metrics, whether its choices keep thoughts, and how each
     * choice's task is built from its seed.
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

    private static final Set<String> NOISES = Set.of("none", "dirichlet", "gumbel");

    private final Reasoner reasoner;
    private final int context;

    ModeRequest(Reasoner reasoner, int context) {
        this.reasoner = reasoner;
        this.context = context;
    }

    /** The mode for one tokenized prompt; 400 when the request asks for something this model or context cannot do. */
    Plan plan(Fields f, ModeOptions o, int[] prompt) {
        Mode mode = mode(f, o);
        try {
            return switch (ModeConfig.of(mode, o, reasoner.defaultThinkEnd())) {
                case ModeConfig.CodiMode c -> codi(f, o, c, prompt);
                case ModeConfig.TokenMode t -> tokens(mode, o, t, prompt);
                case ModeConfig.SoftMode s -> soft(f, o, s, prompt);
            };
        } catch (IllegalArgumentException e) {
            // the library's own checks (a think-end without tokens, or longer than max_tokens)
            throw ApiException.invalid("reasoning", e.getMessage());
        }
    }

    private Mode mode(Fields f, ModeOptions o) {
        if (f.noise() != null && !NOISES.contains(f.noise().toLowerCase(Locale.ROOT))) {
            throw ApiException.invalid("reasoning.noise", "unknown noise '" + f.noise() + "' (none, dirichlet or gumbel)");
        }
        String name = f.mode() != null ? f.mode() : reasoner.codi().isPresent() ? "codi" : "generate";
        try {
            return Mode.resolve(name, o.sampling(), f.noise());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("reasoning.mode", "unknown mode '" + name + "' (codi, cot, soft, generate, or one of " + Mode.ids() + ")");
        }
    }

    private Plan codi(Fields f, ModeOptions o, ModeConfig.CodiMode c, int[] question) {
        CodiConfig cfg = reasoner.codi().orElseThrow(() -> ApiException.invalid("reasoning.mode",
                "mode codi needs a model with CODI metadata (codi.*); this one has none: use cot, soft or generate"));
        if (!reasoner.model().hasProjection()) {
            throw ApiException.invalid("reasoning.mode", "the model has CODI metadata but no projection tensors (codi.prj.*)");
        }
        if (o.sampling() || filters(o)) {
            throw ApiException.invalid("temperature", "mode codi decodes greedily; temperature, top_p, top_k and min_p apply to cot, generate and soft");
        }
        int[] prompt = Arrays.copyOf(question, question.length + 1);
        prompt[question.length] = cfg.botId();
        int reasoning = cfg.numLatent() + 1; // the latents and eot after the prompt (bot ends the prompt)
        int answer = budget(o, c.options().maxTokens(), prompt.length + reasoning, "codi's bot, " + cfg.numLatent() + " latents and eot");
        int nVocab = reasoner.model().config().nVocab();
        // eot is masked from the answer by limiting the argmax to ids below it, when it is the last id (Codi.run)
        int limit = cfg.eotId() == nVocab - 1 ? cfg.eotId() : 0;
        int eos = reasoner.tokenizer().eos();
        int maxTopK = o.maxTopK() != null ? o.maxTopK() : SoftThinkingConfig.DEFAULT_MAX_TOPK;
        return new Plan(Mode.CODI.id(), f.returnThoughts(),
                (comp, out, seed) -> new CodiTask(comp, out, prompt, cfg, limit, answer, eos, maxTopK));
    }

    private Plan tokens(Mode mode, ModeOptions o, ModeConfig.TokenMode t, int[] prompt) {
        if (!o.sampling() && filters(o)) {
            throw ApiException.invalid("temperature", "top_p, top_k and min_p need a positive temperature (without one decoding is greedy)");
        }
        boolean cot = mode != Mode.GENERATE;
        int n = budget(o, t.maxTokens(), prompt.length, null);
        int limit = cot ? reasoner.baseVocabLimit() : 0;
        String reasoningEnd = cot ? reasoner.defaultThinkEnd() : null;
        int eos = reasoner.tokenizer().eos();
        return new Plan(mode.id(), false,
                (c, out, seed) -> new TokenTask(c, out, prompt, t.withSeed(seed).sampler(), limit, n, eos, reasoningEnd));
    }

    private Plan soft(Fields f, ModeOptions o, ModeConfig.SoftMode s, int[] prompt) {
        ModeConfig.SoftMode sized = new ModeConfig.SoftMode(s.thinking(), s.answer(), budget(o, s.maxTokens(), prompt.length, null));
        reasoner.softLoop(sized, prompt.length); // refuses a think-end without tokens, or longer than the budget
        String label = Mode.resolve("soft", true, f.noise()).id();
        int limit = reasoner.baseVocabLimit();
        int eos = reasoner.tokenizer().eos();
        return new Plan(label, f.returnThoughts(), (c, out, seed) -> new SoftTask(c, out, prompt,
                reasoner.softLoop(sized.seeded(seed), prompt.length), limit, eos));
    }

    /** Whether a sampling filter is set to something other than "off". */
    private static boolean filters(ModeOptions o) {
        return (o.topP() != null && o.topP() < 1f) || (o.topK() != null && o.topK() > 0) || (o.minP() != null && o.minP() > 0f);
    }

    /**
     * The mode's token budget: {@code max_tokens} when it fits after {@code used} positions, else 400; absent, the
     * mode's default ({@code configured}) shortened to what is left.
     */
    private int budget(ModeOptions o, int configured, int used, String reasoning) {
        int room = context - used;
        String what = "the prompt has " + (reasoning != null ? used + " positions with " + reasoning : used + " tokens")
                + " and the context holds " + context;
        if (room < 1) throw ApiException.invalid("prompt", "context_length_exceeded", "the prompt leaves no room to answer: " + what);
        if (o.maxTokens() == null) return Math.min(configured, room);
        if (o.maxTokens() > room) {
            throw ApiException.invalid("max_tokens", "context_length_exceeded",
                    "max_tokens " + o.maxTokens() + " does not fit: " + what + " (at most " + room + ")");
        }
        return o.maxTokens();
    }
}
