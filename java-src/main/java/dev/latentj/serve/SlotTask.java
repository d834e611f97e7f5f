package dev.latentj.serve;

import dev.latentj.engine.Row;
import dev.latentj.engine.Session;

import java.util.List;

/**
 * One choice of a request, run in a sequence slot of the engine's session: its prompt is prefilled in chunks,
 * then each engine step it feeds its next row (a token, a concept-token mixture, a CODI latent step) and reads
 * its output row. Subclasses are the reasoning modes; all run on the engine thread.
 */
abstract sealed class SlotTask permits TokenTask, CodiTask, SoftTask {
    final Completion completion;
    final ChoiceOutput out;
    private final int[] prompt;
    private int prefilled;
    private int generated;
    int seq = -1;
    int pos;
    /** The last generated token: the next step feeds it. */
    int nextToken;

    SlotTask(Completion completion, ChoiceOutput out, int[] prompt) {
        if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
        this.completion = completion;
        this.out = out;
        this.prompt = prompt;
    }

    /** Positions this task can occupy at most: the engine admits it only where they fit. */
    abstract int maxPositions();

    /**
     * Appends this step's rows (at most {@code promptBudget} of them prompt rows) and returns what its output row
     * must give, or null when this step has no output row for it (a prefill chunk before the last).
     */
    abstract Want feed(List<Row> rows, int promptBudget);

    /** Reads the output row of this step's feed. */
    abstract void accept(StepOutput output);

    /**
     * Counts a generated token and sends it: eos ends the choice with "stop", as a stop string does, and the
     * {@code maxTokens}-th token with "length"; otherwise it is fed next.
     */
    final void generated(int id, int eos, int maxTokens) {
        generated++;
        if (id == eos) {
            out.finish("stop");
        } else if (!out.token(id)) {
            if (generated >= maxTokens) out.finish("length");
            nextToken = id;
        }
    }

    /**
     * After every fed task has read its output: work with a graph of its own, which ends the readability of the
     * step's outputs (CODI's LM-head reading of its thoughts).
     */
    void afterStep(Session session) {}

    boolean finished() {
        return out.finished();
    }

    boolean prefilling() {
        return prefilled < prompt.length;
    }

    int promptLength() {
        return prompt.length;
    }

    /** Appends the next prompt chunk; the prompt's last row gets {@code last}. True when the prompt is complete. */
    final boolean prefill(List<Row> rows, int budget, Row.Output last) {
        int n = Math.min(budget, prompt.length - prefilled);
        for (int j = 0; j < n; j++) {
            int i = prefilled + j;
            rows.add(new Row.Token(seq, i, prompt[i], i == prompt.length - 1 ? last : Row.Output.NONE));
        }
        prefilled += n;
        pos = prefilled;
        return !prefilling();
    }
}
