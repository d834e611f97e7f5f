package dev.latentj.cot;

import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.params.Param;

import java.util.List;

/**
 * Token chain-of-thought, greedy: the question as prompt, then argmax decoding over ids below
 * {@code vocabLimit} (CODI's teacher decodes over the base vocabulary, without its added tokens)
 * until eos or maxTokens. The same loop, without a limit, is the plain `generate` mode.
 *
 * <p>A prompt and its output together fit the model's context: each sequence generates at most
 * {@link #limit(int, int)} tokens, so a long prompt gets fewer than {@code maxTokens}.
 */
public final class TokenCot {
    private final Model model;
    private final int eos;
    private final int vocabLimit;

    /**
     * @param eos        the id that ends a sequence (kept in its output)
     * @param vocabLimit decode over ids below it; 0 or less: the whole vocabulary
     */
    public TokenCot(Model model, int eos, int vocabLimit) {
        this.model = model;
        this.eos = eos;
        this.vocabLimit = vocabLimit;
    }

    /**
     * A session for {@code batch} prompts of at most {@code longestPrompt} tokens and their outputs. Refuses
     * {@code maxTokens} &lt; 1 ({@link Param#MAX_TOKENS}) and a prompt that leaves no room in the model's context.
     */
    public Session newSession(int batch, int longestPrompt, int maxTokens) {
        Param.MAX_TOKENS.check(maxTokens);
        requireRoom(longestPrompt);
        return model.newSession(Session.Options.of(batch, Math.min(longestPrompt + maxTokens, model.config().nCtxTrain())));
    }

    /** Refuses a prompt of {@code promptLength} tokens that leaves no room for output in the model's context. */
    public void requireRoom(int promptLength) {
        int train = model.config().nCtxTrain();
        if (promptLength >= train) {
            throw new IllegalArgumentException("prompt of " + promptLength + " tokens leaves no room for output in the model's context of " + train);
        }
    }

    /** The most tokens a prompt of {@code promptLength} tokens may generate: {@code maxTokens}, cut to the context left. */
    public int limit(int promptLength, int maxTokens) {
        return Math.min(maxTokens, model.config().nCtxTrain() - promptLength);
    }

    /** Greedy continuations of a batch of prompts, eos included when reached. */
    public int[][] run(Session s, List<int[]> prompts, int maxTokens) {
        return run(s, prompts, maxTokens, 0, 1.0f, Generation.Chooser.GREEDY);
    }

    /** Continuations chosen by {@code chooser} from a device readout of top-{@code k} at {@code temperature}. */
    public int[][] run(Session s, List<int[]> prompts, int maxTokens, int k, float temperature, Generation.Chooser chooser) {
        return run(s, prompts, maxTokens, k, temperature, chooser, Generation.Observer.NONE);
    }

    /**
     * As {@link #run(Session, List, int, int, float, Generation.Chooser)}, watched by {@code observer}: it sees each
     * token as it is chosen and may stop the run before any decode, the prompt's included (a sequence stopped before
     * its first token has an empty output).
     */
    public int[][] run(Session s, List<int[]> prompts, int maxTokens, int k, float temperature, Generation.Chooser chooser,
                       Generation.Observer observer) {
        int n = prompts.size();
        if (observer.stopRequested()) return new int[n][0];
        int[] seqs = Generation.range(n);
        s.setReduce(k, temperature > 0 ? temperature : 1.0f, vocabLimit);
        Generation.prefill(s, seqs, prompts, Row.Output.LOGITS);
        int[] pos = new int[n];
        int[] first = new int[n];
        int[] limits = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = prompts.get(i).length;
            first[i] = chooser.next(s, i, i);
            limits[i] = limit(pos[i], maxTokens);
        }
        return Generation.continueFrom(s, seqs, pos, first, eos, limits, chooser, observer);
    }
}
