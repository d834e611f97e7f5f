package dev.latentj.serve;

import dev.latentj.engine.Row;
import dev.latentj.sampling.TopK;
import dev.latentj.soft.ConceptToken;
import dev.latentj.soft.NextInput;
import dev.latentj.soft.Readout;
import dev.latentj.soft.SoftThinkingLoop;
import dev.latentj.soft.SoftThinkingResult;
import dev.latentj.soft.SoftThinkingSequence;

import java.util.ArrayList;
import java.util.List;

/**
 * Soft Thinking (with its noise) through the library's state machine, {@link SoftThinkingSequence}: each step
 * feeds what it asks for (a concept token as a mixture row, or the think-end and answer tokens) and pushes it the
 * readout that follows. The visible text is each step's visible token, then the answer.
 */
final class SoftTask extends SlotTask {
    private final SoftThinkingLoop loop;
    private final SoftThinkingSequence state;
    private final int vocabLimit;
    private final int eos;
    private final int maxTopK;
    private NextInput next;
    private Readout readout;
    private boolean thinking = true;
    private int thinkingSent;
    private int answerSent;
    private int step;

    SoftTask(Completion completion, ChoiceOutput out, int[] prompt, SoftThinkingLoop loop, int vocabLimit, int eos) {
        super(completion, out, prompt);
        this.loop = loop;
        this.state = loop.start();
        this.vocabLimit = vocabLimit;
        this.eos = eos;
        this.maxTopK = loop.thinking().maxTopK();
        out.reasoningStartsHere();
    }

    @Override
    int maxPositions() {
        return promptLength() + loop.maxTokens(); // thinking (with the think-end) and answer together
    }

    @Override
    Want feed(List<Row> rows, int promptBudget) {
        if (prefilling()) {
            readout = loop.thinkingReadout();
            return prefill(rows, promptBudget, Row.Output.LOGITS) ? want() : null;
        }
        switch (next) {
            case NextInput.Mixture m -> {
                ConceptToken c = m.concept();
                rows.add(new Row.Mixture(seq, pos++, c.ids(), c.weights(), Row.Output.LOGITS));
                readout = m.readout();
            }
            case NextInput.Tokens t -> {
                int[] ids = t.ids();
                for (int i = 0; i < ids.length; i++) {
                    rows.add(new Row.Token(seq, pos++, ids[i], i == ids.length - 1 ? Row.Output.LOGITS : Row.Output.NONE));
                }
                readout = t.readout();
            }
            case NextInput.Finished f -> throw new IllegalStateException("the sequence has finished");
        }
        return want();
    }

    private Want want() {
        return new Want.TopK(readout.k(), readout.temperature(), vocabLimit);
    }

    @Override
    void accept(StepOutput o) {
        TopK top = o.topK(readout.k(), readout.temperature(), vocabLimit);
        next = state.advance(top);
        if (thinking) {
            ConceptToken c = state.lastConcept();
            List<Thought.Top> tops = new ArrayList<>();
            for (int i = 0; i < Math.min(maxTopK, c.size()); i++) tops.add(out.top(c.ids()[i], c.weights()[i]));
            out.thought(Thought.concept(step++, tops, top.entropy(), state.coldStopCount()));
        }
        switch (next) {
            case NextInput.Mixture m -> thinkingToken(m.concept().visibleId());
            case NextInput.Tokens t -> {
                if (thinking) {
                    // the think-end goes in: thinking is over (a forced one replaced this step's visible token)
                    for (int id : t.ids()) if (!thinkingToken(id)) return;
                    endThinking();
                } else {
                    answerToken(t.ids()[0]);
                }
            }
            case NextInput.Finished f -> finish(f.result());
        }
    }

    private boolean thinkingToken(int id) {
        thinkingSent++;
        return id == eos || !out.token(id);
    }

    private void endThinking() {
        thinking = false;
        out.reasoningEndsHere();
    }

    private boolean answerToken(int id) {
        answerSent++;
        return !out.token(id);
    }

    /** Sends what the last step added (the final answer token, or an eos that ended thinking) and ends the choice. */
    private void finish(SoftThinkingResult r) {
        int[] thought = r.thinkingTokens();
        for (int i = thinkingSent; i < thought.length; i++) if (!thinkingToken(thought[i])) return;
        if (thinking) endThinking();
        int[] answer = r.answerTokens();
        for (int i = answerSent; i < answer.length; i++) if (!answerToken(answer[i])) return;
        out.finish(r.answerEnd() == SoftThinkingResult.AnswerEnd.MAX_TOKENS ? "length" : "stop");
    }
}
