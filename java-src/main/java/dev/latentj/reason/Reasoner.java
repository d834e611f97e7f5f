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
import dev.latentj.soft.SessionDriver;
import dev.latentj.soft.SoftThinkingBatch;
import dev.latentj.soft.SoftThinkingConfig;
import dev.latentj.soft.SoftThinkingLoop;
import dev.latentj.soft.SoftThinkingResult;
import dev.latentj.soft.ThinkEndMatcher;
import dev.latentj.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reasoning modes on one model, from text to {@link Answer}s: CODI, token CoT (greedy or
 * sampled), plain generation and Soft Thinking. {@link #answer} runs any {@link Mode} from its options; CODI, token
 * CoT and Soft Thinking are batched, generate runs one question at a time.
 *
 * <p>Each call opens a session for its questions and closes it before returning; the reasoner keeps no state
 * between calls. Closing the model is the caller's business.
 */
public final class Reasoner {
    private final Model model;
    private final Tokenizer tokenizer;
    private final Optional<CodiConfig> codi;
    private final int eos;
    private final boolean parseSpecial;

    /**
     * A reasoner that reads special tokens in prompts as plain text.
     *
     * @param model a model whose file has a tokenizer
     * @throws GgufException if the file has no tokenizer, or its tokenizer or CODI metadata is malformed
     */
    public Reasoner(Model model) throws GgufException {
        this(model, false);
    }

    /**
     * A reasoner on {@code model}, with its tokenizer and, when the file has them, its CODI settings.
     *
     * @param model        a model whose file has a tokenizer
     * @param parseSpecial read special tokens written in prompts (chat templates, {@code <think>}) as tokens
     * @throws GgufException if the file has no tokenizer, or its tokenizer or CODI metadata is malformed
     */
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

    /** {@return the model the calls run on} */
    public Model model() { return model; }

    /** {@return the model's tokenizer, read from its file} */
    public Tokenizer tokenizer() { return tokenizer; }

    /** {@return the model's CODI settings ({@code codi.*} metadata); empty on a model that is not a CODI one} */
    public Optional<CodiConfig> codi() { return codi; }

    /**
     * {@return the first id of CODI's added tokens (pad, bot, eot), which the token modes never emit; 0 (the whole
     * vocabulary) on a model that is not a CODI one}
     */
    public int baseVocabLimit() {
        return codi.map(c -> Math.min(c.padId() >= 0 ? c.padId() : c.botId(), c.botId())).orElse(0);
    }

    /**
     * {@return the question as the model reads it: BOS when the tokenizer adds one}
     *
     * @param text the question; not blank
     * @throws IllegalArgumentException if {@code text} is empty or blank, which every mode but generate refuses
     */
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

    /** {@return what introduces the answer: the model's {@code codi.answer_prompt}, else CODI's own} */
    public String answerPrompt() {
        return codi.map(CodiConfig::answerPrompt).orElse(CodiCheckpointConfig.DEFAULT_ANSWER_PROMPT);
    }

    private Double number(String text) {
        return AnswerExtractor.extract(text, answerPrompt());
    }

    /**
     * Answers {@code questions} in {@code mode}, configured by {@link ModeConfig#of}; question i draws from
     * {@code seeds.get(i)}, so its answer does not depend on the others in the call.
     *
     * @param mode      the reasoning mode
     * @param options   what the caller set; the mode's defaults fill the rest
     * @param questions the questions, at least one
     * @param seeds     one seed per question; greedy modes ignore them
     * @return one answer per question, in order
     * @throws IllegalArgumentException when {@code questions} is empty, a question is blank (generate takes an empty
     *                                  one), the seeds do not match the questions, or a question does not fit
     */
    public List<Answer> answer(Mode mode, ModeOptions options, List<String> questions, List<Long> seeds) {
        return answer(mode, options, questions, seeds, CallOptions.none());
    }

    /**
     * As {@link #answer(Mode, ModeOptions, List, List)}, delivering what {@code call} asks for: each token to its
     * {@link TokenListener} as it is decoded, the {@link Thought}s in each answer; and stopping within one decode
     * step when its {@link Cancellation} is cancelled or the calling thread is interrupted. A stopped call still
     * returns one answer per question: those that had not finished end {@link FinishReason#CANCELLED} with what they
     * had produced (possibly nothing). Every question is encoded and checked before the first decode.
     *
     * @param mode      the reasoning mode
     * @param options   what the caller set; the mode's defaults fill the rest
     * @param questions the questions, at least one
     * @param seeds     one seed per question; greedy modes ignore them
     * @param call      listener, cancellation and thoughts; {@link CallOptions#none()} for none
     * @return one answer per question, in order
     * @throws IllegalArgumentException as {@link #answer(Mode, ModeOptions, List, List)} does, and when codi runs on a
     *                                  model without CODI metadata
     */
    public List<Answer> answer(Mode mode, ModeOptions options, List<String> questions, List<Long> seeds, CallOptions call) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(call, "call");
        requireQuestions(questions);
        if (seeds.size() != questions.size()) {
            throw new IllegalArgumentException(questions.size() + " questions but " + seeds.size() + " seeds");
        }
        CallState state = new CallState(call, tokenizer, questions.size());
        List<Answer> out = new ArrayList<>();
        switch (ModeConfig.of(mode, options, defaultThinkEnd())) {
            case ModeConfig.CodiMode c -> out.addAll(codi(encodeAll(questions), c.options(), maxTopK(options), state));
            case ModeConfig.TokenMode t when mode == Mode.GENERATE -> {
                List<int[]> prompts = questions.stream().map(this::encodeGenerate).toList();
                prompts.forEach(p -> new TokenCot(model, eos, 0).requireRoom(p.length)); // all before the first decode
                for (int i = 0; i < prompts.size(); i++) {
                    out.add(tokenRun(List.of(prompts.get(i)), t.maxTokens(), List.of(t.withSeed(seeds.get(i)).sampler()),
                            mode.id(), 0, null, state, i).getFirst());
                }
            }
            case ModeConfig.TokenMode t -> {
                List<SamplerConfig> samplers = seeds.stream().map(s -> t.withSeed(s).sampler()).toList();
                out.addAll(tokenRun(encodeAll(questions), t.maxTokens(), samplers, mode.id(), baseVocabLimit(),
                        codi.map(CodiConfig::answerPrompt).orElse(null), state, 0));
            }
            case ModeConfig.SoftMode soft -> {
                List<int[]> prompts = encodeAll(questions);
                List<SoftThinkingLoop> loops = new ArrayList<>();
                for (int i = 0; i < prompts.size(); i++) loops.add(softLoop(soft.seeded(seeds.get(i)), prompts.get(i).length));
                if (prompts.size() == 1) out.add(soft(0, prompts.getFirst(), loops.getFirst(), soft.maxTokens(), mode.id(), state));
                else out.addAll(softBatch(prompts, loops, soft.maxTokens(), mode.id(), state));
            }
        }
        return out;
    }

    private static void requireQuestions(List<String> questions) {
        Objects.requireNonNull(questions, "questions");
        if (questions.isEmpty()) throw new IllegalArgumentException("questions must not be empty: give at least one");
        for (int i = 0; i < questions.size(); i++) Objects.requireNonNull(questions.get(i), "question " + i);
    }

    private List<int[]> encodeAll(List<String> questions) {
        return questions.stream().map(this::encode).toList();
    }

    /** The most tokens a CODI latent's thought lists: {@code max_topk}, as a concept token keeps. */
    private static int maxTopK(ModeOptions options) {
        return options.maxTopK() != null ? options.maxTopK() : SoftThinkingConfig.DEFAULT_MAX_TOPK;
    }

    private static int generated(int[] ids, int eos) {
        return ids.length > 0 && ids[ids.length - 1] == eos ? ids.length - 1 : ids.length;
    }

    /**
     * Why a token loop's output ended: eos, else the limit it had ({@code limit}: {@code maxTokens}, or less where
     * the context ran out first), else a stop.
     */
    private FinishReason finish(int[] ids, int limit, int maxTokens, CallState state) {
        if (ids.length > 0 && ids[ids.length - 1] == eos) return FinishReason.STOP;
        if (ids.length >= limit) return limit < maxTokens ? FinishReason.CONTEXT : FinishReason.LENGTH;
        if (!state.stopped()) throw new IllegalStateException("generation ended early without a stop");
        return FinishReason.CANCELLED;
    }

    /**
     * CODI: continuous thoughts, then a greedy answer.
     *
     * @param questions the questions, at least one, none blank
     * @param o         answer limit, trace and latent feed
     * @return one answer per question, in order
     * @throws IllegalArgumentException if a question is blank or too long, or the model has no CODI metadata
     */
    public List<Answer> codi(List<String> questions, Codi.Options o) {
        requireQuestions(questions);
        return codi(encodeAll(questions), o, SoftThinkingConfig.DEFAULT_MAX_TOPK,
                new CallState(CallOptions.none(), tokenizer, questions.size()));
    }

    private List<Answer> codi(List<int[]> ids, Codi.Options o, int maxTopK, CallState state) {
        CodiConfig cfg = codi.orElseThrow(() -> new IllegalArgumentException(
                "--mode codi needs a model with CODI metadata (codi.*); this one has none: try --mode cot"));
        Codi runner = new Codi(model, cfg, eos);
        long t0 = System.nanoTime();
        List<Codi.Result> rs;
        try (Session s = runner.newSession(ids.size(), longest(ids), o)) {
            rs = runner.run(s, ids, o.withTrace(state.wantsThoughts()), state.observer(0, eos));
            if (state.wantsThoughts()) addLatentThoughts(s, rs, cfg.numLatent(), maxTopK, state);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / ids.size();
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            Codi.Result r = rs.get(i);
            state.end(i);
            String text = strip(tokenizer, r.answerIds(), eos);
            FinishReason finish = finish(r.answerIds(), runner.answerLimit(ids.get(i).length, o.maxTokens()), o.maxTokens(), state);
            out.add(new Answer("codi", text, number(text), r.reasoningPositions(), generated(r.answerIds(), eos), ms,
                    finish, ids.get(i).length, state.thoughts(i)));
        }
        return out;
    }

    /** Each fed latent read through the LM head: the hidden states the latents came from, before projection. */
    private void addLatentThoughts(Session s, List<Codi.Result> rs, int numLatent, int k, CallState state) {
        if (numLatent == 0) return;
        for (int i = 0; i < rs.size(); i++) {
            float[][] hidden = rs.get(i).hidden();
            if (hidden == null) continue; // stopped before the latents
            float[][] logits = s.lmHead(Arrays.copyOf(hidden, numLatent));
            for (int step = 0; step < numLatent; step++) state.addThought(i, Thoughts.latent(step, logits[step], k, tokenizer));
        }
    }

    /**
     * Token chain-of-thought: greedy when {@code sampler} is greedy, else sampled with it. Every question shares the
     * sampler's seed.
     *
     * @param questions the questions, at least one, none blank
     * @param maxTokens the most new tokens per question, at least 1
     * @param sampler   greedy, or the sampling settings
     * @param mode      the mode name the answers carry ({@link Answer#mode()})
     * @return one answer per question, in order
     * @throws IllegalArgumentException if a question is blank or leaves no room in the context
     */
    public List<Answer> cot(List<String> questions, int maxTokens, SamplerConfig sampler, String mode) {
        requireQuestions(questions);
        return cot(questions, maxTokens, Collections.nCopies(questions.size(), sampler), mode);
    }

    /**
     * Token chain-of-thought with one sampler per question (own seeds: answers do not depend on batching).
     * Whether the batch samples or is greedy follows the first sampler.
     *
     * @param questions the questions, at least one, none blank
     * @param maxTokens the most new tokens per question, at least 1
     * @param samplers  one per question
     * @param mode      the mode name the answers carry
     * @return one answer per question, in order
     * @throws IllegalArgumentException if the counts differ, or a question is blank or leaves no room in the context
     */
    public List<Answer> cot(List<String> questions, int maxTokens, List<SamplerConfig> samplers, String mode) {
        requireQuestions(questions);
        if (samplers.size() != questions.size()) {
            throw new IllegalArgumentException(questions.size() + " questions but " + samplers.size() + " samplers");
        }
        return tokenRun(encodeAll(questions), maxTokens, samplers, mode, baseVocabLimit(),
                codi.map(CodiConfig::answerPrompt).orElse(null), new CallState(CallOptions.none(), tokenizer, questions.size()), 0);
    }

    /**
     * Plain continuation; an empty prompt means BOS alone.
     *
     * @param prompt    the text to continue; may be empty
     * @param maxTokens the most new tokens, at least 1
     * @param sampler   greedy, or the sampling settings
     * @return the answer, its mode {@code generate}
     * @throws IllegalArgumentException if the prompt is empty and the tokenizer has no BOS, or it leaves no room
     */
    public Answer generate(String prompt, int maxTokens, SamplerConfig sampler) {
        return tokenRun(List.of(encodeGenerate(prompt)), maxTokens, List.of(sampler), "generate", 0, null,
                new CallState(CallOptions.none(), tokenizer, 1), 0).getFirst();
    }

    /** generate's prompt: may be empty, which means BOS alone. */
    private int[] encodeGenerate(String prompt) {
        int[] ids = tokenizer.encode(Objects.requireNonNull(prompt, "prompt"), true, parseSpecial);
        if (ids.length == 0) {
            if (tokenizer.bos() < 0) throw new IllegalArgumentException("empty prompt and the tokenizer has no BOS token");
            ids = new int[] {tokenizer.bos()};
        }
        return ids;
    }

    /** Token CoT or generate over {@code prompts}, which are questions {@code first}, {@code first + 1}, ... of the call. */
    private List<Answer> tokenRun(List<int[]> prompts, int maxTokens, List<SamplerConfig> samplers, String mode, int limit,
                                  String answerPrompt, CallState state, int first) {
        SamplerConfig sampler = samplers.get(0);
        TokenCot cot = new TokenCot(model, eos, limit);
        long t0 = System.nanoTime();
        int[][] ids;
        try (Session s = cot.newSession(prompts.size(), longest(prompts), maxTokens)) {
            Generation.Observer observer = state.observer(first, eos);
            if (sampler.isGreedy()) {
                ids = cot.run(s, prompts, maxTokens, 0, 1.0f, Generation.Chooser.GREEDY, observer);
            } else {
                List<TokenSampler> ts = samplers.stream().map(TokenSampler::of).toList();
                int k = sampler.deviceK();
                Generation.Chooser chooser = (sess, output, i) -> {
                    TopK top = sess.topK(output, k);
                    return TokenSampler.sufficient(top, samplers.get(i)) ? ts.get(i).sample(top) : ts.get(i).sample(sess.logits(output), limit);
                };
                ids = cot.run(s, prompts, maxTokens, k, sampler.temperature(), chooser, observer);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / prompts.size();
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            int[] r = ids[i];
            state.end(first + i);
            String text = strip(tokenizer, r, eos);
            int reasoning = generated(r, eos);
            if (answerPrompt != null) reasoning = tokensBefore(r, answerPrompt);
            int promptLength = prompts.get(i).length;
            FinishReason finish = finish(r, cot.limit(promptLength, maxTokens), maxTokens, state);
            out.add(new Answer(mode, text, number(text), reasoning, generated(r, eos), ms, finish, promptLength, List.of()));
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

    /**
     * Soft Thinking on one question, with its seeds already set ({@link ModeConfig.SoftMode#seeded}).
     *
     * @param question the question; not blank
     * @param config   thinking, answer sampler and limit
     * @param mode     the mode name the answer carries
     * @return the answer
     * @throws IllegalArgumentException if the question is blank or leaves no room in the context
     */
    public Answer soft(String question, ModeConfig.SoftMode config, String mode) {
        int[] prompt = encode(Objects.requireNonNull(question, "question"));
        return soft(0, prompt, softLoop(config, prompt.length), config.maxTokens(), mode, new CallState(CallOptions.none(), tokenizer, 1));
    }

    /** Soft Thinking on question {@code question} of a call; {@code maxTokens}: the limit asked for, before the context cut it. */
    private Answer soft(int question, int[] prompt, SoftThinkingLoop loop, int maxTokens, String mode, CallState state) {
        long t0 = System.nanoTime();
        SoftThinkingResult r;
        if (state.stopRequested()) {
            r = cancelledBeforeStart();
        } else {
            try (Session s = model.newSession(Session.Options.of(1, softContext(prompt.length, loop)))) {
                SessionDriver driver = new SessionDriver(s, 0, 0, baseVocabLimit());
                r = loop.run(driver.prompt(prompt, loop.thinkingReadout()), driver, state.softListener(question), state::stopRequested);
            }
        }
        return softAnswer(question, prompt, loop, r, (System.nanoTime() - t0) / 1e6, maxTokens, mode, state);
    }

    /**
     * Soft Thinking on all questions of a call at once, question i on sequence i of one session
     * ({@link SoftThinkingBatch}: each gets what it would get alone). Each answer's latency is the batch's wall time
     * divided among its questions, as for CODI and token CoT.
     */
    private List<Answer> softBatch(List<int[]> prompts, List<SoftThinkingLoop> loops, int maxTokens, String mode, CallState state) {
        long t0 = System.nanoTime();
        List<SoftThinkingResult> rs;
        if (state.stopRequested()) {
            rs = Collections.nCopies(prompts.size(), cancelledBeforeStart());
        } else {
            int context = 0;
            for (int i = 0; i < prompts.size(); i++) context = Math.max(context, softContext(prompts.get(i).length, loops.get(i)));
            try (Session s = model.newSession(Session.Options.of(prompts.size(), context))) {
                rs = new SoftThinkingBatch(s, baseVocabLimit()).run(prompts, loops, state::softListener, state::stopRequested);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / prompts.size();
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) out.add(softAnswer(i, prompts.get(i), loops.get(i), rs.get(i), ms, maxTokens, mode, state));
        return out;
    }

    private static SoftThinkingResult cancelledBeforeStart() {
        return new SoftThinkingResult(new int[0], new int[0], 0, SoftThinkingResult.ThinkingEnd.CANCELLED, SoftThinkingResult.AnswerEnd.NONE);
    }

    private Answer softAnswer(int question, int[] prompt, SoftThinkingLoop loop, SoftThinkingResult r, double ms, int maxTokens,
                              String mode, CallState state) {
        state.end(question);
        String text = text(r);
        boolean contextBound = loop.maxTokens() < maxTokens;
        FinishReason finish = switch (r.answerEnd()) {
            case EOS -> FinishReason.STOP;
            case MAX_TOKENS -> contextBound ? FinishReason.CONTEXT : FinishReason.LENGTH;
            case CANCELLED -> FinishReason.CANCELLED;
            case NONE -> r.thinkingEnd() == SoftThinkingResult.ThinkingEnd.EOS ? FinishReason.STOP : FinishReason.CANCELLED;
        };
        return new Answer(mode, text, number(text), r.thinkingTokens().length, r.answerTokens().length, ms, finish,
                prompt.length, state.thoughts(question));
    }

    /** {@return where thinking ends by default: CODI's answer prompt on CODI models, else {@code </think>}} */
    public String defaultThinkEnd() {
        return codi.map(CodiConfig::answerPrompt).orElse(SoftThinkingConfig.THINK_END);
    }

    /**
     * A Soft Thinking loop for a prompt of {@code promptLength} tokens on this model's tokenizer: its think-end
     * string as tokens, its eos, and its limit of new tokens cut to what the context leaves after the prompt. When the
     * context, not the limit, ends the run, thinking is forced to end early enough to leave the answer
     * {@link ModeConfig#SOFT_ANSWER_ROOM} tokens (or the limit, if smaller) before the end of the context.
     *
     * @param config       thinking, answer sampler and limit
     * @param promptLength the prompt's tokens, BOS included
     * @return the loop, ready to run
     * @throws IllegalArgumentException if the prompt leaves no room in the model's training context, not even for the
     *                                  think-end, or the think-end encodes to no tokens
     */
    public SoftThinkingLoop softLoop(ModeConfig.SoftMode config, int promptLength) {
        int room = model.config().nCtxTrain() - promptLength;
        if (room < 1) {
            throw new IllegalArgumentException("prompt of " + promptLength + " tokens leaves no room for output in the model's context of " + model.config().nCtxTrain());
        }
        String thinkEnd = config.thinking().thinkEnd();
        int[] end = tokenizer.encode(thinkEnd, false, true);
        if (end.length == 0) throw new IllegalArgumentException("think-end '" + thinkEnd + "' has no tokens");
        if (room < end.length) {
            throw new IllegalArgumentException("prompt of " + promptLength + " tokens leaves " + room + " positions in the model's context of "
                    + model.config().nCtxTrain() + ", fewer than the think-end's " + end.length + " tokens");
        }
        int maxTokens = Math.min(config.maxTokens(), room);
        int thinkingLimit = maxTokens;
        if (room < config.maxTokens()) {
            int answerRoom = Math.min(ModeConfig.SOFT_ANSWER_ROOM, config.maxTokens());
            thinkingLimit = Math.max(end.length, room - answerRoom);
        }
        return new SoftThinkingLoop(config.thinking(), config.answer(), maxTokens, Math.min(thinkingLimit, maxTokens),
                new ThinkEndMatcher(end), eos);
    }

    /**
     * {@return the positions a Soft Thinking run of a prompt needs: the prompt and the loop's new tokens, which fit the
     * context}
     *
     * @param promptLength the prompt's tokens
     * @param loop         the loop {@link #softLoop} made for that prompt
     */
    public int softContext(int promptLength, SoftThinkingLoop loop) {
        return promptLength + loop.maxTokens();
    }

    /**
     * {@return the visible text of a Soft Thinking run: its thinking tokens, then its answer (an eos that ended
     * thinking excluded)}
     *
     * @param r a run's result
     */
    public String text(SoftThinkingResult r) {
        int[] thinking = r.thinkingTokens();
        if (r.thinkingEnd() == SoftThinkingResult.ThinkingEnd.EOS) thinking = Arrays.copyOf(thinking, thinking.length - 1);
        int[] all = Arrays.copyOf(thinking, thinking.length + r.answerTokens().length);
        System.arraycopy(r.answerTokens(), 0, all, thinking.length, r.answerTokens().length);
        return tokenizer.decode(all);
    }

    private static int longest(List<int[]> ids) {
        int m = 0;
        for (int[] i : ids) m = Math.max(m, i.length);
        return m;
    }
}
