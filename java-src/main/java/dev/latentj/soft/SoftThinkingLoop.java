package dev.latentj.soft;

import dev.latentj.sampling.SamplerConfig;
import dev.latentj.sampling.TopK;

import java.util.function.BooleanSupplier;

/**
 * Soft Thinking for one prompt: the parameters of both phases, a factory of {@link SoftThinkingSequence}s (for
 * batched engines) and {@link #run}, which drives one sequence through a {@link SoftThinkingDriver}.
 * Each sequence starts fresh generators from the configs' seeds, so a run is reproducible.
 */
public final class SoftThinkingLoop {

    private final SoftThinkingConfig thinking;
    private final SamplerConfig answer;
    private final int maxTokens;
    private final int thinkingLimit;
    private final ThinkEndMatcher thinkEnd;
    private final int[] eosIds;

    /**
     * A loop whose thinking may use the whole limit. The loop is immutable, so one can start any number of
     * sequences, on any threads.
     *
     * @param thinking  the thinking phase: concept tokens, noise, Cold Stop, budget
     * @param answer    how the answer after the think-end is chosen (greedy or sampled)
     * @param maxTokens the most new tokens, thinking (with the think-end) and answer together: S1's
     *                  {@code max_new_tokens}. Reaching it while thinking forces the think-end, so it must leave
     *                  room for the think-end's tokens; the answer gets whatever thinking left
     * @param thinkEnd  the think-end's tokens
     * @param eosIds    the ids that end the generation (the tokenizer's eos, and any end-of-turn ids); copied
     * @throws IllegalArgumentException if {@code maxTokens} is shorter than the think-end
     */
    public SoftThinkingLoop(SoftThinkingConfig thinking, SamplerConfig answer, int maxTokens,
                            ThinkEndMatcher thinkEnd, int... eosIds) {
        this(thinking, answer, maxTokens, maxTokens, thinkEnd, eosIds);
    }

    /**
     * A loop that keeps room for the answer: thinking ends by force after {@code thinkingLimit} new tokens.
     *
     * @param thinking      the thinking phase: concept tokens, noise, Cold Stop, budget
     * @param answer        how the answer after the think-end is chosen (greedy or sampled)
     * @param maxTokens     the most new tokens, thinking and answer together
     * @param thinkEnd      the think-end's tokens
     * @param eosIds        the ids that end the generation; copied
     * @param thinkingLimit the most new tokens thinking may take, the think-end included, at most {@code maxTokens}:
     *                      it forces the think-end there, and leaves the rest to the answer (room for an answer
     *                      before the end of the context)
     * @throws IllegalArgumentException if {@code thinkingLimit} is shorter than the think-end or above
     *                                  {@code maxTokens}
     */
    public SoftThinkingLoop(SoftThinkingConfig thinking, SamplerConfig answer, int maxTokens, int thinkingLimit,
                            ThinkEndMatcher thinkEnd, int... eosIds) {
        if (thinkingLimit < thinkEnd.tokens().length) {
            throw new IllegalArgumentException("a limit of " + thinkingLimit + " new tokens leaves no room for the think-end's "
                    + thinkEnd.tokens().length + " tokens");
        }
        if (thinkingLimit > maxTokens) {
            throw new IllegalArgumentException("thinking's limit of " + thinkingLimit + " tokens is above the limit of " + maxTokens + " new tokens");
        }
        this.thinking = thinking;
        this.answer = answer;
        this.maxTokens = maxTokens;
        this.thinkingLimit = thinkingLimit;
        this.thinkEnd = thinkEnd;
        this.eosIds = eosIds.clone();
    }

    /**
     * {@return a fresh state machine, to be pushed the prompt's last readout (reduced as
     * {@link #thinkingReadout()})}
     */
    public SoftThinkingSequence start() {
        return start(SoftThinkingSequence.Listener.NONE);
    }

    /**
     * {@return a fresh state machine, seen by {@code listener}}
     *
     * @param listener sees each step; {@link SoftThinkingSequence.Listener#NONE} for none
     */
    public SoftThinkingSequence start(SoftThinkingSequence.Listener listener) {
        return new SoftThinkingSequence(this, listener);
    }

    /**
     * Runs both phases from the prompt's last row, reduced as {@link #thinkingReadout()} says.
     *
     * @param promptStep the readout after the prompt
     * @param driver     feeds the inputs; holds the session and positions
     * @return the tokens of both phases and why each ended
     */
    public SoftThinkingResult run(TopK promptStep, SoftThinkingDriver driver) {
        return run(promptStep, driver, SoftThinkingSequence.Listener.NONE, () -> false);
    }

    /**
     * As {@link #run(TopK, SoftThinkingDriver)}, seen by {@code listener}; {@code stop} is asked before every feed,
     * and true cancels the generation there ({@link SoftThinkingSequence#cancel()}), keeping what it produced.
     *
     * @param promptStep the readout after the prompt
     * @param driver     feeds the inputs; holds the session and positions
     * @param listener   sees each step
     * @param stop       asked before every feed
     * @return the tokens of both phases and why each ended
     */
    public SoftThinkingResult run(TopK promptStep, SoftThinkingDriver driver, SoftThinkingSequence.Listener listener,
                                  BooleanSupplier stop) {
        SoftThinkingSequence seq = start(listener);
        NextInput next = seq.advance(promptStep);
        while (!(next instanceof NextInput.Finished finished)) {
            if (stop.getAsBoolean()) return seq.cancel();
            TopK readout = switch (next) {
                case NextInput.Mixture m -> driver.feedMixture(m.concept(), m.readout());
                case NextInput.Tokens t -> driver.feedTokens(t.ids(), t.readout());
                case NextInput.Finished f -> throw new AssertionError("unreachable");
            };
            next = seq.advance(readout);
        }
        return finished.result();
    }

    /** {@return what the prompt's last row and every thinking step must be reduced to} */
    public Readout thinkingReadout() {
        return new Readout(thinking.sampler().temperature(), thinking.deviceK());
    }

    /**
     * {@return what rows in the answer phase (from the think-end on) must be reduced to: the argmax alone for a
     * greedy answer}
     */
    public Readout answerReadout() {
        // argmax does not depend on T; 1 keeps the device's softmax well defined
        return answer.isGreedy() ? new Readout(1f, 1) : new Readout(answer.temperature(), answer.deviceK());
    }

    /** {@return the thinking phase's configuration} */
    public SoftThinkingConfig thinking() {
        return thinking;
    }

    /** {@return how the answer is chosen} */
    public SamplerConfig answer() {
        return answer;
    }

    /** {@return the most new tokens, thinking and answer together} */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * {@return the most new tokens thinking may take, the think-end included; {@link #maxTokens()} unless room is kept
     * for the answer}
     */
    public int thinkingLimit() {
        return thinkingLimit;
    }

    /** {@return the think-end's tokens} */
    public ThinkEndMatcher thinkEnd() {
        return thinkEnd;
    }

    boolean isEos(int id) {
        for (int e : eosIds) {
            if (e == id) return true;
        }
        return false;
    }
}
