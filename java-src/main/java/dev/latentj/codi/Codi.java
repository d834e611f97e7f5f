package dev.latentj.codi;

import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.params.Param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CODI inference, as CODI's test.py does it (docs/methods.md §1.1): question tokens + bot → prefill → numLatent continuous
 * thoughts (z = prj(h), h the post-norm last hidden state; positions keep counting) → eot →
 * greedy answer until eos or maxTokens. When eot is the last id of the vocabulary (as CODI appends it) the
 * argmax runs over the ids below it, so eot cannot come out; otherwise it can. The question, its reasoning and its
 * answer together fit the model's context: an answer gets at most {@link #answerLimit} tokens.
 */
public final class Codi {

    /**
     * How one run answers.
     *
     * @param maxTokens most answer tokens; {@value #DEFAULT_MAX_TOKENS} by default, at least 1 ({@link Param#MAX_TOKENS})
     * @param trace     return the latents and hidden states
     * @param coconut   feed h itself (no projection)
     */
    public record Options(int maxTokens, boolean trace, boolean coconut) {
        /** Room for any GSM8K answer sentence ("The answer is: 1,234" is a handful of tokens). */
        public static final int DEFAULT_MAX_TOKENS = 32;

        /** Refuses {@code maxTokens} &lt; 1, naming the parameter. */
        public Options {
            Param.MAX_TOKENS.check(maxTokens);
        }

        /** {@return options of {@value #DEFAULT_MAX_TOKENS} answer tokens, no trace, projected latents} */
        public static Options defaults() { return new Options(DEFAULT_MAX_TOKENS, false, false); }

        /**
         * {@return these options with the trace on or off}
         *
         * @param on return the latents and hidden states
         */
        public Options withTrace(boolean on) { return new Options(maxTokens, on, coconut); }
    }

    /**
     * One answer.
     *
     * @param answerIds          generated ids, eos included when reached
     * @param reasoningPositions the reasoning positions it used: bot + latents + eot, fewer when stopped before eot
     * @param latents            the fed latents, when the trace was asked for (else null)
     * @param hidden             the hidden states of bot and after each latent, when the trace was asked for (else null)
     */
    public record Result(int[] answerIds, int reasoningPositions, float[][] latents, float[][] hidden) {}

    private final Model model;
    private final CodiConfig config;
    private final int eos;

    /**
     * A runner on a CODI model.
     *
     * @param model  a model with CODI's projection tensors ({@code codi.prj.*})
     * @param config its {@code codi.*} metadata ({@link CodiConfig#from})
     * @param eos    the tokenizer's end-of-sequence id, which ends an answer
     * @throws IllegalArgumentException if the model has no projection
     */
    public Codi(Model model, CodiConfig config, int eos) {
        if (!model.hasProjection()) throw new IllegalArgumentException("the model has CODI metadata but no projection tensors (codi.prj.*)");
        this.model = model;
        this.config = config;
        this.eos = eos;
    }

    /** {@return the CODI metadata this runner uses} */
    public CodiConfig config() { return config; }

    /**
     * {@return the positions a question fills before its answer: the question, bot, the latents, eot}
     *
     * @param promptLength the question's tokens, BOS included, bot not
     */
    public int reasoningEnd(int promptLength) {
        return promptLength + 1 + config.numLatent() + 1;
    }

    /**
     * {@return the most answer tokens a question may get: {@code maxTokens}, cut to the training context left after
     * its reasoning; 0 or less when none is left}
     *
     * @param promptLength the question's tokens, bot not included
     * @param maxTokens    the limit asked for
     */
    public int answerLimit(int promptLength, int maxTokens) {
        return Math.min(maxTokens, model.config().nCtxTrain() - reasoningEnd(promptLength));
    }

    /**
     * A session for these prompts, in batches of up to {@code batch}, with room for their answers of up to
     * {@code o.maxTokens()} cut to the model's context. Refuses a prompt whose reasoning leaves no room for an answer.
     *
     * @param batch         the questions answered together: the session's sequences
     * @param longestPrompt the longest question's tokens, bot not included
     * @param o             the answer limit
     * @return a new session; the caller closes it
     * @throws IllegalArgumentException if the longest question's reasoning fills the model's training context
     */
    public Session newSession(int batch, int longestPrompt, Options o) {
        int train = model.config().nCtxTrain();
        int reasoned = reasoningEnd(longestPrompt);
        if (reasoned >= train) {
            throw new IllegalArgumentException("prompt of " + longestPrompt + " tokens plus " + (reasoned - longestPrompt)
                    + " reasoning positions leaves no room for an answer in the model's context of " + train);
        }
        return model.newSession(Session.Options.of(batch, Math.min(reasoned + o.maxTokens(), train)));
    }

    /**
     * Answers a batch of tokenized questions (without bot) in one session, one sequence each. Whatever the
     * sequences held before is dropped.
     *
     * @param s         a session from {@link #newSession} with at least as many sequences as questions
     * @param questions token ids per question, BOS included when the tokenizer adds one; question i goes on sequence i
     * @param o         answer limit, trace and latent feed
     * @return one result per question, in order
     * @throws IllegalArgumentException if a question is empty, or the batch exceeds the session's batch size
     * @throws dev.latentj.engine.ContextFullException if a question does not fit the session's context
     */
    public List<Result> run(Session s, List<int[]> questions, Options o) {
        return run(s, questions, o, Generation.Observer.NONE);
    }

    /**
     * As {@link #run(Session, List, Options)}, watched by {@code observer}: it sees each answer token as it is
     * chosen and may stop the run before any decode. A question stopped before its answer has no answer ids, and no
     * trace when the stop came before the latents.
     *
     * @param s         a session from {@link #newSession} with at least as many sequences as questions
     * @param questions token ids per question; question i goes on sequence i
     * @param o         answer limit, trace and latent feed
     * @param observer  sees the answer tokens and may stop the run
     * @return one result per question, in order
     * @throws IllegalArgumentException if a question is empty, or the batch exceeds the session's batch size
     * @throws dev.latentj.engine.ContextFullException if a question does not fit the session's context
     */
    public List<Result> run(Session s, List<int[]> questions, Options o, Generation.Observer observer) {
        int n = questions.size();
        int[] seqs = Generation.range(n);
        List<int[]> prompts = new ArrayList<>();
        for (int[] q : questions) {
            int[] p = Arrays.copyOf(q, q.length + 1);
            p[q.length] = config.botId();
            prompts.add(p);
        }
        Session.LatentTrace trace = null;
        int[][] answers = new int[n][0];
        int reasoned = 0;
        if (!observer.stopRequested()) {
            // the prompt's last hidden state stays on the device and seeds the loop
            Generation.prefill(s, seqs, prompts, Row.Output.HIDDEN);
            reasoned = 1;
            if (!observer.stopRequested()) {
                trace = s.latentLoop(seqs, config.numLatent(), o.coconut(), o.trace());
                reasoned += config.numLatent();
                if (!observer.stopRequested()) {
                    answers = answer(s, seqs, questions, o, observer);
                    reasoned++;
                }
            }
        }
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] lat = null, hid = null;
            if (trace != null) {
                lat = new float[config.numLatent()][];
                hid = new float[config.numLatent() + 1][];
                for (int k = 0; k < config.numLatent(); k++) lat[k] = trace.latents()[k][i];
                for (int k = 0; k <= config.numLatent(); k++) hid[k] = trace.hidden()[k][i];
            }
            out.add(new Result(answers[i], reasoned, lat, hid));
        }
        return out;
    }

    /** Feeds eot after the latents and decodes the greedy answers. */
    private int[][] answer(Session s, int[] seqs, List<int[]> questions, Options o, Generation.Observer observer) {
        int n = seqs.length;
        // eot is masked from the answer by limiting the argmax to ids below it, when it is the last id
        int limit = config.eotId() == model.config().nVocab() - 1 ? config.eotId() : 0;
        s.setReduce(0, 1.0f, limit);
        List<Row> eotRows = new ArrayList<>();
        int[] pos = new int[n];
        int[] limits = new int[n];
        for (int i = 0; i < n; i++) {
            int length = questions.get(i).length;
            pos[i] = reasoningEnd(length);
            eotRows.add(new Row.Token(seqs[i], pos[i] - 1, config.eotId(), Row.Output.LOGITS));
            limits[i] = answerLimit(length, o.maxTokens());
        }
        s.decode(eotRows);
        int[] first = new int[n];
        for (int i = 0; i < n; i++) first[i] = s.argmax(i);
        return Generation.continueFrom(s, seqs, pos, first, eos, limits, Generation.Chooser.GREEDY, observer);
    }
}
