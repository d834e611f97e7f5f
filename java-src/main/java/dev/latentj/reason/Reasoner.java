package dev.latentj.reason;

import dev.latentj.codi.Codi;
import dev.latentj.codi.CodiConfig;
import dev.latentj.convert.CodiCheckpointConfig;
import dev.latentj.cot.TokenCot;
import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Session;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.sampling.TokenSampler;
import dev.latentj.sampling.TopK;
import dev.latentj.soft.SoftThinkingBatch;
import dev.latentj.soft.SoftThinkingConfig;
import dev.latentj.soft.SoftThinkingLoop;
import dev.latentj.soft.SoftThinkingResult;
import dev.latentj.soft.ThinkEndMatcher;
import dev.latentj.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The reasoning modes on one model, from text to {@link Answer}s: CODI, token CoT (greedy or
 * sampled), plain generation and Soft Thinking. {@link #answer} runs any {@link Mode} from its options; CODI and
 * token CoT are batched, the other modes run one question at a time.
 */
public final class Reasoner {
    private final Model model;
    private final Tokenizer tokenizer;
    private final Optional<CodiConfig> codi;
    private final int eos;
    private final boolean parseSpecial;

    public Reasoner(Model model) throws GgufException {
        this(model, false);
    }

    /** @param parseSpecial read special tokens written in prompts (chat templates, {@code <think>}) as tokens */
    public Reasoner(Model model, boolean parseSpecial) throws GgufException {
        this.model = model;
        this.parseSpecial = parseSpecial;
        if (!model.file().metadata().has(GgufKeys.TOKENIZER_TOKENS)) {
            throw new GgufException("the model has no tokenizer (tokenizer.ggml.*): convert it with --tokenizer");
        }
        this.tokenizer = Tokenizer.fromGguf(model.file());
        this.codi = CodiConfig.from(model.file().metadata(), model.config().nVocab());
        this.eos = tokenizer.eos();
    }

    public Model model() { return model; }

    public Tokenizer tokenizer() { return tokenizer; }

    public Optional<CodiConfig> codi() { return codi; }

    /** The teacher and the token modes decode over the base vocabulary: CODI's added tokens never come out. */
    public int baseVocabLimit() {
        return codi.map(c -> Math.min(c.padId() >= 0 ? c.padId() : c.botId(), c.botId())).orElse(0);
    }

    /** The question as the model reads it: BOS when the tokenizer adds one. A blank question is refused in every mode. */
    public int[] encode(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("prompt must not be empty or blank (only generate takes an empty prompt: it starts from BOS)");
        }
        return tokenizer.encode(text, true, parseSpecial);
    }

    private static String strip(Tokenizer t, int[] ids, int eos) {
        int n = ids.length;
        if (n > 0 && ids[n - 1] == eos) n--;
        return t.decode(Arrays.copyOf(ids, n));
    }

    /** What introduces the answer: the model's {@code codi.answer_prompt}, else CODI's own. */
    public String answerPrompt() {
        return codi.map(CodiConfig::answerPrompt).orElse(CodiCheckpointConfig.DEFAULT_ANSWER_PROMPT);
    }

    private Double number(String text) {
        return AnswerExtractor.extract(text, answerPrompt());
    }

    /**
     * Answers {@code questions} in {@code mode}, configured by {@link ModeConfig#of}; question i draws from
     * {@code seeds.get(i)}, so its answer does not depend on the others in the call.
     */
    public List<Answer> answer(Mode mode, ModeOptions options, List<String> questions, List<Long> seeds) {
        if (seeds.size() != questions.size()) {
            throw new IllegalArgumentException(questions.size() + " questions but " + seeds.size() + " seeds");
        }
        List<Answer> out = new ArrayList<>();
        switch (ModeConfig.of(mode, options, defaultThinkEnd())) {
            case ModeConfig.CodiMode c -> out.addAll(codi(questions, c.options()));
            case ModeConfig.TokenMode t when mode == Mode.GENERATE -> {
                for (int i = 0; i < questions.size(); i++) {
                    out.add(generate(questions.get(i), t.maxTokens(), t.withSeed(seeds.get(i)).sampler()));
                }
            }
            case ModeConfig.TokenMode t -> {
                List<SamplerConfig> samplers = seeds.stream().map(s -> t.withSeed(s).sampler()).toList();
                out.addAll(cot(questions, t.maxTokens(), samplers, mode.id()));
            }
            case ModeConfig.SoftMode soft -> {
                out.addAll(soft(questions, seeds.stream().map(soft::seeded).toList(), mode.id()));
            }
        }
        return out;
    }

    private static int generated(int[] ids, int eos) {
        return ids.length > 0 && ids[ids.length - 1] == eos ? ids.length - 1 : ids.length;
    }

    /** CODI: continuous thoughts, then a greedy answer. */
    public List<Answer> codi(List<String> questions, Codi.Options o) {
        CodiConfig cfg = codi.orElseThrow(() -> new IllegalArgumentException(
                "--mode codi needs a model with CODI metadata (codi.*); this one has none: try --mode cot"));
        Codi runner = new Codi(model, cfg, eos);
        List<int[]> ids = questions.stream().map(this::encode).toList();
        long t0 = System.nanoTime();
        List<Codi.Result> rs;
        try (Session s = runner.newSession(ids.size(), longest(ids), o)) {
            rs = runner.run(s, ids, o);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / ids.size();
        List<Answer> out = new ArrayList<>();
        for (Codi.Result r : rs) {
            String text = strip(tokenizer, r.answerIds(), eos);
            out.add(new Answer("codi", text, number(text), r.reasoningPositions(), generated(r.answerIds(), eos), ms));
        }
        return out;
    }

    /** Token chain-of-thought: greedy when {@code sampler} is greedy, else sampled with it. */
    public List<Answer> cot(List<String> questions, int maxTokens, SamplerConfig sampler, String mode) {
        return cot(questions, maxTokens, java.util.Collections.nCopies(questions.size(), sampler), mode);
    }

    /** Token chain-of-thought with one sampler per question (own seeds: answers do not depend on batching). */
    public List<Answer> cot(List<String> questions, int maxTokens, List<SamplerConfig> samplers, String mode) {
        List<int[]> prompts = questions.stream().map(this::encode).toList();
        return tokenRun(prompts, maxTokens, samplers, mode, baseVocabLimit(), codi.map(CodiConfig::answerPrompt).orElse(null));
    }

    /** Plain continuation; an empty prompt means BOS alone. */
    public Answer generate(String prompt, int maxTokens, SamplerConfig sampler) {
        int[] ids = tokenizer.encode(prompt, true, parseSpecial);
        if (ids.length == 0) {
            if (tokenizer.bos() < 0) throw new IllegalArgumentException("empty prompt and the tokenizer has no BOS token");
            ids = new int[] {tokenizer.bos()};
        }
        return tokenRun(List.of(ids), maxTokens, List.of(sampler), "generate", 0, null).get(0);
    }

    private List<Answer> tokenRun(List<int[]> prompts, int maxTokens, List<SamplerConfig> samplers, String mode, int limit, String answerPrompt) {
        SamplerConfig sampler = samplers.get(0);
        TokenCot cot = new TokenCot(model, eos, limit);
        long t0 = System.nanoTime();
        int[][] ids;
        try (Session s = cot.newSession(prompts.size(), longest(prompts), maxTokens)) {
            if (sampler.isGreedy()) {
                ids = cot.run(s, prompts, maxTokens);
            } else {
                List<TokenSampler> ts = samplers.stream().map(TokenSampler::of).toList();
                int k = sampler.deviceK();
                Generation.Chooser chooser = (sess, output, i) -> {
                    TopK top = sess.topK(output, k);
                    return TokenSampler.sufficient(top, samplers.get(i)) ? ts.get(i).sample(top) : ts.get(i).sample(sess.logits(output), limit);
                };
                ids = cot.run(s, prompts, maxTokens, k, sampler.temperature(), chooser);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / prompts.size();
        List<Answer> out = new ArrayList<>();
        for (int[] r : ids) {
            String text = strip(tokenizer, r, eos);
            int reasoning = generated(r, eos);
            if (answerPrompt != null) reasoning = tokensBefore(r, answerPrompt);
            out.add(new Answer(mode, text, number(text), reasoning, generated(r, eos), ms));
        }
        return out;
    }

    /** How many generated tokens come before the one where the answer prompt starts. */
    private int tokensBefore(int[] ids, String answerPrompt) {
        String full = tokenizer.decode(ids);
        int at = full.indexOf(answerPrompt);
        if (at < 0) return generated(ids, eos);
        for (int n = 0; n < ids.length; n++) {
            if (tokenizer.decode(Arrays.copyOf(ids, n + 1)).length() > at) return n;
        }
        return ids.length;
    }

    /** Soft Thinking on one question, with its seeds already set ({@link ModeConfig.SoftMode#seeded}). */
    public Answer soft(String question, ModeConfig.SoftMode config, String mode) {
        return soft(List.of(question), List.of(config), mode).get(0);
    }

    /**
     * Soft Thinking on several questions advanced together in one session, question i with config i (its own seeds):
     * each answer is the one it gets alone. The latency of each is the batch's time over its size.
     */
    public List<Answer> soft(List<String> questions, List<ModeConfig.SoftMode> configs, String mode) {
        List<int[]> prompts = questions.stream().map(this::encode).toList();
        List<SoftThinkingLoop> loops = new ArrayList<>();
        int ctx = 1;
        for (int i = 0; i < prompts.size(); i++) {
            loops.add(softLoop(configs.get(i), prompts.get(i).length));
            ctx = Math.max(ctx, softContext(prompts.get(i).length, loops.get(i)));
        }
        long t0 = System.nanoTime();
        List<SoftThinkingResult> rs;
        try (Session s = model.newSession(Session.Options.of(prompts.size(), ctx))) {
            rs = new SoftThinkingBatch(s, baseVocabLimit()).run(prompts, loops);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / prompts.size();
        List<Answer> out = new ArrayList<>();
        for (SoftThinkingResult r : rs) {
            String text = text(r);
            out.add(new Answer(mode, text, number(text), r.thinkingTokens().length, r.answerTokens().length, ms));
        }
        return out;
    }

    /** Where thinking ends by default: CODI's answer prompt on CODI models, else {@code </think>}. */
    public String defaultThinkEnd() {
        return codi.map(CodiConfig::answerPrompt).orElse(SoftThinkingConfig.THINK_END);
    }

    /**
     * A Soft Thinking loop for a prompt of {@code promptLength} tokens on this model's tokenizer: its think-end
     * string as tokens, its eos, and its limit of new tokens cut to what the context leaves after the prompt.
     */
    public SoftThinkingLoop softLoop(ModeConfig.SoftMode config, int promptLength) {
        int room = model.config().nCtxTrain() - promptLength;
        if (room < 1) {
            throw new IllegalArgumentException("prompt of " + promptLength + " tokens does not fit the context of " + model.config().nCtxTrain());
        }
        String thinkEnd = config.thinking().thinkEnd();
        int[] end = tokenizer.encode(thinkEnd, false, true);
        if (end.length == 0) throw new IllegalArgumentException("think-end '" + thinkEnd + "' has no tokens");
        return new SoftThinkingLoop(config.thinking(), config.answer(), Math.min(config.maxTokens(), room), new ThinkEndMatcher(end), eos);
    }

    /** Positions a Soft Thinking run of a prompt needs: the prompt and the loop's new tokens, which fit the context. */
    public int softContext(int promptLength, SoftThinkingLoop loop) {
        return promptLength + loop.maxTokens();
    }

    /** The visible text of a Soft Thinking run: its thinking tokens, then its answer. */
    public String text(SoftThinkingResult r) {
        int[] all = Arrays.copyOf(r.thinkingTokens(), r.thinkingTokens().length + r.answerTokens().length);
        System.arraycopy(r.answerTokens(), 0, all, r.thinkingTokens().length, r.answerTokens().length);
        return tokenizer.decode(all);
    }

    private static int longest(List<int[]> ids) {
        int m = 0;
        for (int[] i : ids) m = Math.max(m, i.length);
        return m;
    }
}
