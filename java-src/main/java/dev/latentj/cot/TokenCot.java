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
     * A runner on {@code model}; holds no session, so one runner serves any number of them.
     *
     * @param model      the model
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
     *
     * @param batch         the prompts generated together: the session's sequences
     * @param longestPrompt the longest prompt's tokens
     * @param maxTokens     the most new tokens per prompt
     * @return a new session, its context cut to the model's training context; the caller closes it
     * @throws IllegalArgumentException if {@code maxTokens} &lt; 1 or the longest prompt fills the context
     */
    public Session newSession(int batch, int longestPrompt, int maxTokens) {
        Param.MAX_TOKENS.check(maxTokens);
        requireRoom(longestPrompt);
        return model.newSession(Session.Options.of(batch, Math.min(longestPrompt + maxTokens, model.config().nCtxTrain())));
    }

    /**
     * Refuses a prompt that leaves no room for output in the model's context; a caller checks every prompt this way
     * before its first decode.
     *
     * @param promptLength the prompt's tokens
     * @throws IllegalArgumentException if the prompt fills the model's training context
     */
    public void requireRoom(int promptLength) {
        int train = model.config().nCtxTrain();
        if (promptLength >= train) {
            throw new IllegalArgumentException("prompt of " + promptLength + " tokens leaves no room for output in the model's context of " + train);
        }
    }

    /**
     * {@return the most tokens a prompt may generate: {@code maxTokens}, cut to the training context left}
     *
     * @param promptLength the prompt's tokens
     * @param maxTokens    the limit asked for
     */
    public int limit(int promptLength, int maxTokens) {
        return Math.min(maxTokens, model.config().nCtxTrain() - promptLength);
    }

    /**
     * Greedy continuations of a batch of prompts, eos included when reached.
     *
     * @param s         a session from {@link #newSession}; prompt i goes on sequence i, whatever it held dropped
     * @param prompts   token ids per prompt, none empty
     * @param maxTokens the most new tokens per prompt, at least 1
     * @return the generated ids per prompt
     * @throws IllegalArgumentException if a prompt is empty or the prompts exceed the session's batch size
     */
    public int[][] run(Session s, List<int[]> prompts, int maxTokens) {
        return run(s, prompts, maxTokens, 0, 1.0f, Generation.Chooser.GREEDY);
    }

    /**
     * Continuations chosen by {@code chooser} from a device readout of top-{@code k} at {@code temperature}.
     *
     * @param s           a session from {@link #newSession}; prompt i goes on sequence i
     * @param prompts     token ids per prompt, none empty
     * @param maxTokens   the most new tokens per prompt, at least 1
     * @param k           the device's top-K per step (0 to 64); 0 for the argmax only
     * @param temperature of the device's softmax; 0 or less is read as 1
     * @param chooser     picks each token from the readout
     * @return the generated ids per prompt, eos included when reached
     * @throws IllegalArgumentException if a prompt is empty, {@code k} is out of range, or the prompts exceed the
     *                                  session's batch size
     */
    public int[][] run(Session s, List<int[]> prompts, int maxTokens, int k, float temperature, Generation.Chooser chooser) {
        return run(s, prompts, maxTokens, k, temperature, chooser, Generation.Observer.NONE);
    }

    /**
     * As {@link #run(Session, List, int, int, float, Generation.Chooser)}, watched by {@code observer}: it sees each
     * token as it is chosen and may stop the run before any decode, the prompt's included (a sequence stopped before
     * its first token has an empty output).
     *
     * @param s           a session from {@link #newSession}; prompt i goes on sequence i
     * @param prompts     token ids per prompt, none empty
     * @param maxTokens   the most new tokens per prompt, at least 1
     * @param k           the device's top-K per step (0 to 64); 0 for the argmax only
     * @param temperature of the device's softmax; 0 or less is read as 1
     * @param chooser     picks each token from the readout
     * @param observer    sees each token and may stop the run
     * @return the generated ids per prompt, eos included when reached
     * @throws IllegalArgumentException if a prompt is empty, {@code k} is out of range, or the prompts exceed the
     *                                  session's batch size
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
