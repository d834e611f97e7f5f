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
     * @param maxTokens the most new tokens, thinking (with the think-end) and answer together: S1's
     *                  {@code max_new_tokens}. Reaching it while thinking forces the think-end, so it must leave
     *                  room for the think-end's tokens; the answer gets whatever thinking left
     */
    public SoftThinkingLoop(SoftThinkingConfig thinking, SamplerConfig answer, int maxTokens,
                            ThinkEndMatcher thinkEnd, int... eosIds) {
        this(thinking, answer, maxTokens, maxTokens, thinkEnd, eosIds);
    }

    /**
     * @param maxTokens     as above
     * @param thinkingLimit the most new tokens thinking may take, the think-end included, at most {@code maxTokens}:
     *                      it forces the think-end there, and leaves the rest to the answer (room for an answer
     *                      before the end of the context)
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

    /** A fresh state machine; push it the prompt's last readout (reduced as {@link #thinkingReadout()}). */
    public SoftThinkingSequence start() {
        return start(SoftThinkingSequence.Listener.NONE);
    }

    /** As {@link #start()}, seen by {@code listener}. */
    public SoftThinkingSequence start(SoftThinkingSequence.Listener listener) {
        return new SoftThinkingSequence(this, listener);
    }

    /** Runs both phases from the prompt's last row, reduced as {@link #thinkingReadout()} says. */
    public SoftThinkingResult run(TopK promptStep, SoftThinkingDriver driver) {
        return run(promptStep, driver, SoftThinkingSequence.Listener.NONE, () -> false);
    }

    /**
     * As {@link #run(TopK, SoftThinkingDriver)}, seen by {@code listener}; {@code stop} is asked before every feed,
     * and true cancels the generation there ({@link SoftThinkingSequence#cancel()}), keeping what it produced.
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

    /** What the prompt's last row and every thinking step must be reduced to. */
    public Readout thinkingReadout() {
        return new Readout(thinking.sampler().temperature(), thinking.deviceK());
    }

    /** What rows in the answer phase (from the think-end on) must be reduced to. */
    public Readout answerReadout() {
        // argmax does not depend on T; 1 keeps the device's softmax well defined
        return answer.isGreedy() ? new Readout(1f, 1) : new Readout(answer.temperature(), answer.deviceK());
    }

    public SoftThinkingConfig thinking() {
        return thinking;
    }

    public SamplerConfig answer() {
        return answer;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** The most new tokens thinking may take, the think-end included; {@link #maxTokens()} unless room is kept for the answer. */
    public int thinkingLimit() {
        return thinkingLimit;
    }

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
