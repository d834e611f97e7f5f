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
 *       output_ids[-1], and feeds all think-end tokens.</li>
 *   <li>answer: discrete sampling with its own sampler until EOS (not kept) or the limit of new tokens, which
 *       thinking and answer share.</li>
 * </ol>
 */
public final class SoftThinkingSequence {

    private enum Phase { THINKING, ANSWER, FINISHED }

    private final SoftThinkingLoop params;
    private final RandomGenerator noiseRng;
    private final ColdStop coldStop;
    private final TokenSampler answerSampler;
    private final IntTrace thinking = new IntTrace();
    private final IntTrace answer = new IntTrace();
    private Phase phase = Phase.THINKING;
    private int steps;
    private SoftThinkingResult.ThinkingEnd thinkingEnd;
    private ConceptToken lastConcept;

    SoftThinkingSequence(SoftThinkingLoop params) {
        this.params = params;
        this.noiseRng = Rng.seeded(params.thinking().sampler().seed());
        this.coldStop = ColdStop.of(params.thinking());
        this.answerSampler = TokenSampler.of(params.answer());
    }

    /** Takes the readout of the last fed row (first: the prompt's last row) and says what to feed next. */
    public NextInput advance(TopK readout) {
        return switch (phase) {
            case THINKING -> think(readout);
            case ANSWER -> answer(readout);
            case FINISHED -> throw new IllegalStateException("the sequence has finished");
        };
    }

    public boolean finished() {
        return phase == Phase.FINISHED;
    }

    /** The concept token of the last thinking step (fed or not: the step that ends thinking builds one too), or null. */
    public ConceptToken lastConcept() {
        return lastConcept;
    }

    /** Cold Stop's count of consecutive low-entropy steps after the last thinking step. */
    public int coldStopCount() {
        return coldStop.lowEntropySteps();
    }

    private NextInput think(TopK step) {
        ConceptToken concept = ConceptTokenBuilder.build(step, params.thinking(), noiseRng);
        lastConcept = concept;
        steps++;
        int visible = concept.visibleId();
        thinking.add(visible);
        boolean cold = coldStop.step(step.entropy());
        if (params.isEos(visible)) {
            thinkingEnd = SoftThinkingResult.ThinkingEnd.EOS;
            return finish(SoftThinkingResult.AnswerEnd.NONE);
        }
        if (params.thinkEnd().matches(thinking.ids, thinking.size)) {
            thinkingEnd = SoftThinkingResult.ThinkingEnd.THINK_END;
            phase = Phase.ANSWER;
            return new NextInput.Tokens(new int[] {visible}, params.answerReadout());
        }
        int[] endTokens = params.thinkEnd().tokens();
        // a forced think-end replaces this step's token: force it while it still fits the limit of new tokens
        boolean full = thinking.size - 1 + endTokens.length >= params.maxTokens();
        if (cold || steps >= params.thinking().maxThinkingSteps() || full) {
            thinkingEnd = cold ? SoftThinkingResult.ThinkingEnd.COLD_STOP
                    : full ? SoftThinkingResult.ThinkingEnd.MAX_TOKENS : SoftThinkingResult.ThinkingEnd.MAX_STEPS;
            thinking.removeLast();
            for (int id : endTokens) thinking.add(id);
            phase = Phase.ANSWER;
            return new NextInput.Tokens(endTokens, params.answerReadout());
        }
        return new NextInput.Mixture(concept, params.thinkingReadout());
    }

    private NextInput answer(TopK step) {
        if (thinking.size + answer.size >= params.maxTokens()) return finish(SoftThinkingResult.AnswerEnd.MAX_TOKENS);
        int id = answerSampler.sample(step);
        if (params.isEos(id)) return finish(SoftThinkingResult.AnswerEnd.EOS);
        answer.add(id);
        if (thinking.size + answer.size == params.maxTokens()) return finish(SoftThinkingResult.AnswerEnd.MAX_TOKENS);
        return new NextInput.Tokens(new int[] {id}, params.answerReadout());
    }

    private NextInput finish(SoftThinkingResult.AnswerEnd answerEnd) {
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
