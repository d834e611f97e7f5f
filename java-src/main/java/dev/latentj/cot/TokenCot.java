package dev.latentj.cot;

import dev.latentj.engine.Generation;
import dev.latentj.engine.Model;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;

import java.util.List;

/**
 * Token chain-of-thought, greedy: the question as prompt, then argmax decoding over ids below
 * {@code vocabLimit} (CODI's teacher decodes over the base vocabulary, without its added tokens)
 * until eos or maxTokens. The same loop, without a limit, is the plain `generate` mode.
 */
public final class TokenCot {
    private final Model model;
    private final int eos;
    private final int vocabLimit;

    public TokenCot(Model model, int eos, int vocabLimit) {
        this.model = model;
        this.eos = eos;
        this.vocabLimit = vocabLimit;
    }

    public Session newSession(int batch, int longestPrompt, int maxTokens) {
        int ctx = longestPrompt + maxTokens;
        int train = model.config().nCtxTrain();
        if (longestPrompt >= train) {
            throw new IllegalArgumentException("prompt of " + longestPrompt + " tokens does not fit the model's context of " + train);
        }
        return model.newSession(Session.Options.of(batch, Math.min(ctx, train)));
    }

    /** Greedy continuations of a batch of prompts, eos included when reached. */
    public int[][] run(Session s, List<int[]> prompts, int maxTokens) {
        return run(s, prompts, maxTokens, 0, 1.0f, Generation.Chooser.GREEDY);
    }

    /** Continuations chosen by {@code chooser} from a device readout of top-{@code k} at {@code temperature}. */
    public int[][] run(Session s, List<int[]> prompts, int maxTokens, int k, float temperature, Generation.Chooser chooser) {
        int n = prompts.size();
        int[] seqs = Generation.range(n);
        s.setReduce(k, temperature > 0 ? temperature : 1.0f, vocabLimit);
        Generation.prefill(s, seqs, prompts, Row.Output.LOGITS);
        int[] pos = new int[n];
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = prompts.get(i).length;
            first[i] = chooser.next(s, i, i);
        }
        int ctxLeft = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) ctxLeft = Math.min(ctxLeft, model.config().nCtxTrain() - pos[i]);
        return Generation.continueFrom(s, seqs, pos, first, eos, Math.min(maxTokens, Math.max(1, ctxLeft)), chooser);
    }
}
