package dev.latentj.soft;

import dev.latentj.sampling.Rng;
import dev.latentj.sampling.TokenSampler;
import dev.latentj.sampling.TopK;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One generation's Soft Thinking state machine (docs/methods.md §2.1-2.2, S1's {@code Req.update_topk_info}). It is
 * pushed one readout at a time and answers what to feed next, so an engine can advance many sequences in one
 * batch; {@link SoftThinkingLoop#run} drives a single one.
 * <ol>
 *   <li>thinking: build the step's concept token; its ids[0] is the visible token. EOS finishes the generation.
 *       A completed think-end ends thinking; Cold Stop, the thinking budget (if any) or the limit of new tokens
 *       force it; otherwise the mixture is fed.</li>
 *   <li>the think-end goes in one-hot. A natural think-end feeds its last token (any earlier ones already went
 *       in as concept tokens). A forced one <em>replaces</em> the step's visible token, as S1 overwrites
 *       output_ids[-1], and feeds all think-end tokens. The limit of new tokens forces it when thinking reaches
 *       {@link SoftThinkingLoop#thinkingLimit()}, which may leave the answer room.</li>
 *   <li>answer: discrete sampling with its own sampler until EOS (not kept) or the limit of new tokens, which
 *       thinking and answer share.</li>
 * </ol>
 */
public final class SoftThinkingSequence {

    private enum Phase { THINKING, ANSWER, FINISHED }

    /**
     * Sees a generation as it goes, on the thread that advances it: each step's concept token, and each token once
     * it is part of the output for good (a step's visible token when its mixture is fed; a forced think-end's tokens
     * instead of the token they replace). The tokens it sees are exactly the result's, in order, EOS excluded.
     */
    public interface Listener {
        /**
         * Thinking step {@code step} (from 0) built {@code concept} from a readout of entropy {@code entropy} (nats);
         * {@code coldStop} is Cold Stop's count of consecutive low-entropy steps, this one included.
         *
         * @param step     the thinking step, from 0
         * @param concept  the concept token built
         * @param entropy  H of the step's readout, in nats
         * @param coldStop consecutive steps with H &lt; τ, this one included
         */
        default void concept(int step, ConceptToken concept, float entropy, int coldStop) {}

        /**
         * {@code id} joined the visible thinking trace.
         *
         * @param id the token id
         */
        default void thinking(int id) {}

        /**
         * {@code id} joined the answer.
         *
         * @param id the token id, never EOS
         */
        default void answer(int id) {}

        /** Sees nothing. */
        Listener NONE = new Listener() {};
    }

    private final SoftThinkingLoop params;
    private final Listener listener;
    private final RandomGenerator noiseRng;
    private final ColdStop coldStop;
    private final TokenSampler answerSampler;
    private final IntTrace thinking = new IntTrace();
    private final IntTrace answer = new IntTrace();
    private Phase phase = Phase.THINKING;
    private int steps;
    private SoftThinkingResult.ThinkingEnd thinkingEnd;
    private ConceptToken lastConcept;

    SoftThinkingSequence(SoftThinkingLoop params, Listener listener) {
        this.params = params;
        this.listener = listener;
        this.noiseRng = Rng.seeded(params.thinking().sampler().seed());
        this.coldStop = ColdStop.of(params.thinking());
        this.answerSampler = TokenSampler.of(params.answer());
    }

    /**
     * Takes the readout of the last fed row (first: the prompt's last row) and says what to feed next. Not
     * thread-safe: one thread advances a sequence.
     *
     * @param readout the device's top-K of that row, reduced as the last {@link NextInput} (or
     *                {@link SoftThinkingLoop#thinkingReadout()}) asked
     * @return what to feed next, or {@link NextInput.Finished} with the result
     * @throws IllegalStateException if the sequence has finished
     */
    public NextInput advance(TopK readout) {
        return switch (phase) {
            case THINKING -> think(readout);
            case ANSWER -> answer(readout);
            case FINISHED -> throw new IllegalStateException("the sequence has finished");
        };
    }

    /** {@return whether the generation has finished (ended by itself or cancelled)} */
    public boolean finished() {
        return phase == Phase.FINISHED;
    }

    /**
     * {@return the concept token of the last thinking step (fed or not: the step that ends thinking builds one too),
     * or null before the first}
     */
    public ConceptToken lastConcept() {
        return lastConcept;
    }

    /** {@return Cold Stop's count of consecutive low-entropy steps after the last thinking step} */
    public int coldStopCount() {
        return coldStop.lowEntropySteps();
    }

    /**
     * Ends the generation where it is, keeping what it produced: thinking ends {@code CANCELLED} (with no answer)
     * or the answer does.
     *
     * @return the result so far
     * @throws IllegalStateException if the sequence has finished
     */
    public SoftThinkingResult cancel() {
        if (phase == Phase.FINISHED) throw new IllegalStateException("the sequence has finished");
        if (phase == Phase.THINKING) {
            thinkingEnd = SoftThinkingResult.ThinkingEnd.CANCELLED;
            return finish(SoftThinkingResult.AnswerEnd.NONE).result();
        }
        return finish(SoftThinkingResult.AnswerEnd.CANCELLED).result();
    }

    private NextInput think(TopK step) {
        ConceptToken concept = ConceptTokenBuilder.build(step, params.thinking(), noiseRng);
        lastConcept = concept;
        steps++;
        int visible = concept.visibleId();
        thinking.add(visible);
        boolean cold = coldStop.step(step.entropy());
        listener.concept(steps - 1, concept, step.entropy(), cold ? params.thinking().coldStopPatience() : coldStop.lowEntropySteps());
        if (params.isEos(visible)) {
            thinkingEnd = SoftThinkingResult.ThinkingEnd.EOS;
            return finish(SoftThinkingResult.AnswerEnd.NONE);
        }
        if (params.thinkEnd().matches(thinking.ids, thinking.size)) {
            thinkingEnd = SoftThinkingResult.ThinkingEnd.THINK_END;
            phase = Phase.ANSWER;
            listener.thinking(visible);
            return new NextInput.Tokens(new int[] {visible}, params.answerReadout());
        }
        int[] endTokens = params.thinkEnd().tokens();
        // a forced think-end replaces this step's token: force it while it still fits thinking's limit
        boolean full = thinking.size - 1 + endTokens.length >= params.thinkingLimit();
        if (cold || steps >= params.thinking().maxThinkingSteps() || full) {
            thinkingEnd = cold ? SoftThinkingResult.ThinkingEnd.COLD_STOP
                    : full ? SoftThinkingResult.ThinkingEnd.MAX_TOKENS : SoftThinkingResult.ThinkingEnd.MAX_STEPS;
            thinking.removeLast();
            for (int id : endTokens) {
                thinking.add(id);
                listener.thinking(id);
            }
            phase = Phase.ANSWER;
            return new NextInput.Tokens(endTokens, params.answerReadout());
        }
        listener.thinking(visible);
        return new NextInput.Mixture(concept, params.thinkingReadout());
    }

    private NextInput answer(TopK step) {
        if (thinking.size + answer.size >= params.maxTokens()) return finish(SoftThinkingResult.AnswerEnd.MAX_TOKENS);
        int id = answerSampler.sample(step);
        if (params.isEos(id)) return finish(SoftThinkingResult.AnswerEnd.EOS);
        answer.add(id);
        listener.answer(id);
        if (thinking.size + answer.size == params.maxTokens()) return finish(SoftThinkingResult.AnswerEnd.MAX_TOKENS);
        return new NextInput.Tokens(new int[] {id}, params.answerReadout());
    }

    private NextInput.Finished finish(SoftThinkingResult.AnswerEnd answerEnd) {
        phase = Phase.FINISHED;
        return new NextInput.Finished(new SoftThinkingResult(thinking.toArray(), answer.toArray(), steps,
                thinkingEnd, answerEnd));
    }

    /** A growable int list; thinking runs to tens of thousands of steps. */
    private static final class IntTrace {
        int[] ids = new int[64];
        int size;

        void add(int id) {
            if (size == ids.length) ids = Arrays.copyOf(ids, size * 2);
            ids[size++] = id;
        }

        void removeLast() {
            size--;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
