package dev.latentj.soft;

import dev.latentj.sampling.Rng;
import dev.latentj.sampling.SamplerConfig;
import dev.latentj.sampling.TokenSampler;
import dev.latentj.sampling.TopK;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Soft Thinking's two phases as a state machine over a {@link SoftThinkingDriver} (research §1.1-1.2, S1's
 * {@code Req.update_topk_info}):
 * <ol>
 *   <li>thinking: build the step's concept token; its ids[0] is the visible token. EOS finishes the generation.
 *       A completed think-end, Cold Stop, or the step budget ends thinking; otherwise the mixture is fed.</li>
 *   <li>the think-end goes in one-hot. A natural think-end feeds its last token (the others already went in as
 *       mixtures). A forced one <em>replaces</em> the step's visible token, as S1 overwrites output_ids[-1], and
 *       feeds all think-end tokens.</li>
 *   <li>answer: discrete sampling with its own {@link SamplerConfig} until EOS or the answer budget.</li>
 * </ol>
 * Each {@link #run} starts fresh generators from the configs' seeds, so a run is reproducible.
 */
public final class SoftThinkingLoop {

    private final SoftThinkingConfig thinking;
    private final SamplerConfig answer;
    private final int maxAnswerTokens;
    private final ThinkEndMatcher thinkEnd;
    private final int[] eosIds;

    public SoftThinkingLoop(SoftThinkingConfig thinking, SamplerConfig answer, int maxAnswerTokens,
                            ThinkEndMatcher thinkEnd, int... eosIds) {
        if (maxAnswerTokens < 0) throw new IllegalArgumentException("max answer tokens must be >= 0, got " + maxAnswerTokens);
        this.thinking = thinking;
        this.answer = answer;
        this.maxAnswerTokens = maxAnswerTokens;
        this.thinkEnd = thinkEnd;
        this.eosIds = eosIds.clone();
    }

    /** What the prompt's last row and every thinking step must be reduced to. */
    public Readout thinkingReadout() {
        return new Readout(thinking.temperature(), thinking.deviceK());
    }

    /** What rows in the answer phase (from the think-end on) must be reduced to. */
    public Readout answerReadout() {
        // argmax does not depend on T; 1 keeps the device's softmax well defined
        return answer.isGreedy() ? new Readout(1f, 1) : new Readout(answer.temperature(), answer.deviceK());
    }

    /** Runs both phases from the prompt's last row, reduced as {@link #thinkingReadout()} says. */
    public SoftThinkingResult run(TopK promptStep, SoftThinkingDriver driver) {
        RandomGenerator noiseRng = Rng.seeded(thinking.seed());
        ColdStop coldStop = ColdStop.of(thinking);
        Readout thinkingReadout = thinkingReadout();
        Readout answerReadout = answerReadout();
        Trace trace = new Trace();

        TopK step = promptStep;
        int steps = 0;
        SoftThinkingResult.ThinkingEnd end;
        while (true) {
            ConceptToken concept = ConceptTokenBuilder.build(step, thinking, noiseRng);
            steps++;
            int visible = concept.visibleId();
            trace.add(visible);
            boolean cold = coldStop.step(step.entropy());
            if (isEos(visible)) {
                return new SoftThinkingResult(trace.toArray(), new int[0], steps,
                        SoftThinkingResult.ThinkingEnd.EOS, SoftThinkingResult.AnswerEnd.NONE);
            }
            if (thinkEnd.matches(trace.ids, trace.size)) {
                end = SoftThinkingResult.ThinkingEnd.THINK_END;
                step = driver.feedToken(visible, answerReadout);
                break;
            }
            if (cold || steps >= thinking.maxThinkingSteps()) {
                end = cold ? SoftThinkingResult.ThinkingEnd.COLD_STOP : SoftThinkingResult.ThinkingEnd.MAX_STEPS;
                trace.removeLast();
                int[] endTokens = thinkEnd.tokens();
                for (int id : endTokens) trace.add(id);
                step = driver.feedTokens(endTokens, answerReadout);
                break;
            }
            step = driver.feedMixture(concept, thinkingReadout);
        }

        TokenSampler sampler = TokenSampler.of(answer);
        Trace answerTokens = new Trace();
        SoftThinkingResult.AnswerEnd answerEnd = SoftThinkingResult.AnswerEnd.MAX_TOKENS;
        while (answerTokens.size < maxAnswerTokens) {
            int id = sampler.sample(step);
            if (isEos(id)) {
                answerEnd = SoftThinkingResult.AnswerEnd.EOS;
                break;
            }
            answerTokens.add(id);
            if (answerTokens.size == maxAnswerTokens) break;
            step = driver.feedToken(id, answerReadout);
        }
        return new SoftThinkingResult(trace.toArray(), answerTokens.toArray(), steps, end, answerEnd);
    }

    private boolean isEos(int id) {
        for (int e : eosIds) {
            if (e == id) return true;
        }
        return false;
    }

    /** A growable int list; thinking runs to tens of thousands of steps. */
    private static final class Trace {
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
