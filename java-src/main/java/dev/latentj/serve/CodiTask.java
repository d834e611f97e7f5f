package dev.latentj.serve;

import dev.latentj.codi.CodiConfig;
import dev.latentj.engine.Row;
import dev.latentj.engine.Session;
import dev.latentj.sampling.TopK;

import java.util.ArrayList;
import java.util.List;

/**
 * CODI, as {@code Codi.run} does it, one step at a time: the question + bot (its last hidden state stays on the
 * device), numLatent continuous thoughts (latent rows, in the same batch as every other sequence's rows), eot, then
 * a greedy answer over ids below eot until eos or max_tokens. With thoughts, each hidden state that a latent step
 * projects, and the last one, is read through the LM head, as {@code LatentProbe} does.
 */
final class CodiTask extends SlotTask {
    private enum Phase { PROMPT, LATENT, EOT, ANSWER }

    private final CodiConfig config;
    private final int answerLimit;
    private final int maxTokens;
    private final int eos;
    private final int maxTopK;
    private final List<float[]> hidden = new ArrayList<>();
    private Phase phase = Phase.PROMPT;
    private int latents;

    /** @param prompt the question's tokens followed by bot; @param answerLimit the answer's vocabulary limit (eot masked) */
    CodiTask(Completion completion, ChoiceOutput out, int[] prompt, CodiConfig config, int answerLimit, int maxTokens,
             int eos, int maxTopK) {
        super(completion, out, prompt);
        this.config = config;
        this.answerLimit = answerLimit;
        this.maxTokens = maxTokens;
        this.eos = eos;
        this.maxTopK = maxTopK;
    }

    @Override
    int maxPositions() {
        return promptLength() + config.numLatent() + 1 + maxTokens - 1;
    }

    @Override
    Want feed(List<Row> rows, int promptBudget) {
        return switch (phase) {
            case PROMPT -> prefill(rows, promptBudget, Row.Output.HIDDEN) ? new Want.Hidden() : null;
            case LATENT -> {
                rows.add(new Row.Latent(seq, pos++, Row.Output.HIDDEN));
                yield new Want.Hidden();
            }
            case EOT -> {
                rows.add(new Row.Token(seq, pos++, config.eotId(), Row.Output.LOGITS));
                yield new Want.Argmax(answerLimit);
            }
            case ANSWER -> {
                rows.add(new Row.Token(seq, pos++, nextToken, Row.Output.LOGITS));
                yield new Want.Argmax(answerLimit);
            }
        };
    }

    @Override
    void accept(StepOutput o) {
        switch (phase) {
            case PROMPT -> {
                out.reasoningPositions(1); // bot
                keepHidden(o);
                phase = config.numLatent() > 0 ? Phase.LATENT : eot();
            }
            case LATENT -> {
                latents++;
                out.reasoningPositions(1);
                keepHidden(o);
                if (latents == config.numLatent()) phase = eot();
            }
            case EOT, ANSWER -> {
                phase = Phase.ANSWER;
                generated(o.argmax(answerLimit), eos, maxTokens);
            }
        }
    }

    private void keepHidden(StepOutput o) {
        if (out.keepThoughts()) hidden.add(o.hidden());
    }

    /** The continuous thoughts through the LM head, once the last latent step has run. */
    @Override
    void afterStep(Session session) {
        if (!out.keepThoughts() || hidden.size() != config.numLatent() + 1) return;
        float[][] logits = session.lmHead(hidden.toArray(float[][]::new));
        for (int i = 0; i < logits.length; i++) {
            out.thought(Thought.latent(i, out.top(TopK.fromLogits(logits[i], 1f, maxTopK, 0), maxTopK)));
        }
        hidden.clear();
    }

    private Phase eot() {
        out.reasoningPositions(1); // eot
        return Phase.EOT;
    }
}
