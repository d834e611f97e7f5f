package dev.latentj.codi;

import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * CODI inference, as CODI's test.py does it (docs/methods.md §1.1): question tokens + bot → prefill → numLatent continuous
 * thoughts (z = prj(h), h the post-norm last hidden state; positions keep counting) → eot →
 * greedy answer until eos or maxTokens. When eot is the last id of the vocabulary (as CODI appends it) the
 * argmax runs over the ids below it, so eot cannot come out; otherwise it can.
 */
public final class Codi {

    /**
     * @param maxTokens most answer tokens; {@value #DEFAULT_MAX_TOKENS} by default
     * @param trace     return the latents and hidden states
     * @param coconut   feed h itself (no projection)
     */
    public record Options(int maxTokens, boolean trace, boolean coconut) {
        /** Room for any GSM8K answer sentence ("The answer is: 1,234" is a handful of tokens). */
        public static final int DEFAULT_MAX_TOKENS = 32;

        public static Options defaults() { return new Options(DEFAULT_MAX_TOKENS, false, false); }
    }

    /** One answer: generated ids (eos included when reached), bot + latents + eot positions, the trace if asked. */
    public record Result(int[] answerIds, int reasoningPositions, float[][] latents, float[][] hidden) {}

    private final Model model;
    private final CodiConfig config;
    private final int eos;

    public Codi(Model model, CodiConfig config, int eos) {
        if (!model.hasProjection()) throw new IllegalArgumentException("the model has CODI metadata but no projection tensors (codi.prj.*)");
        this.model = model;
        this.config = config;
        this.eos = eos;
    }

    public CodiConfig config() { return config; }

    /** A session big enough for these prompts, in batches of up to {@code batch}. */
    public Session newSession(int batch, int longestPrompt, Options o) {
        int ctx = longestPrompt + 1 + config.numLatent() + 1 + o.maxTokens();
        if (ctx > model.config().nCtxTrain()) {
            throw new IllegalArgumentException("prompt of " + longestPrompt + " tokens plus " + (ctx - longestPrompt)
                    + " reasoning and answer positions exceeds the model's context of " + model.config().nCtxTrain());
        }
        return model.newSession(Session.Options.of(batch, ctx));
    }

    /** Answers a batch of tokenized questions (without bot) in one session, one sequence each. */
    public List<Result> run(Session s, List<int[]> questions, Options o) {
        int n = questions.size();
        int[] seqs = Generation.range(n);
        List<int[]> prompts = new ArrayList<>();
        for (int[] q : questions) {
            int[] p = java.util.Arrays.copyOf(q, q.length + 1);
            p[q.length] = config.botId();
            prompts.add(p);
        }
        // the prompt's last hidden state stays on the device and seeds the loop
        Generation.prefill(s, seqs, prompts, Row.Output.HIDDEN);
        Session.LatentTrace trace = s.latentLoop(seqs, config.numLatent(), o.coconut(), o.trace());

        // eot is masked from the answer by limiting the argmax to ids below it, when it is the last id
        int limit = config.eotId() == model.config().nVocab() - 1 ? config.eotId() : 0;
        s.setReduce(0, 1.0f, limit);
        List<Row> eotRows = new ArrayList<>();
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = prompts.get(i).length + config.numLatent();
            eotRows.add(new Row.Token(seqs[i], pos[i], config.eotId(), Row.Output.LOGITS));
            pos[i]++;
        }
        s.decode(eotRows);
        int[] first = new int[n];
        for (int i = 0; i < n; i++) first[i] = s.argmax(i);
        int[][] answers = Generation.continueFrom(s, seqs, pos, first, eos, o.maxTokens());

        List<Result> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] lat = null, hid = null;
            if (trace != null) {
                lat = new float[config.numLatent()][];
                hid = new float[config.numLatent() + 1][];
                for (int k = 0; k < config.numLatent(); k++) lat[k] = trace.latents()[k][i];
                for (int k = 0; k <= config.numLatent(); k++) hid[k] = trace.hidden()[k][i];
            }
            out.add(new Result(answers[i], 1 + config.numLatent() + 1, lat, hid));
        }
        return out;
    }
}
