package dev.latentj.train;

import dev.latentj.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * One training example as CODI lays it out in tokens (docs/codi-training.md): the student's {@code prompt}
 * (q + bot) before its latent steps and {@code dec} (eot + ans) after them, the teacher's {@code ref}
 * (q + cot + ans), where the teacher's targets start, and the answer prompt's ':' in each.
 *
 * @param prompt     the student's input before the latent steps: q + bot
 * @param ref        the teacher's input: q + cot + ans
 * @param refTargets where the teacher's targets start (the question's length)
 * @param colonRef   the answer prompt's ':' in {@code ref}
 * @param dec        the student's input after the latent steps: eot + ans
 * @param colonDec   the answer prompt's ':' in {@code dec}
 */
public record Example(int[] prompt, int[] ref, int refTargets, int colonRef, int[] dec, int colonDec) {

    /**
     * CODI's special ids and answer prompt.
     *
     * @param bot          begin of thoughts
     * @param eot          end of thoughts
     * @param eos          the tokenizer's end of sequence, which ends each answer
     * @param answerPrompt "The answer is:"
     */
    public record Tokens(int bot, int eot, int eos, String answerPrompt) {}

    /**
     * As CODI's train.py with remove_eos: cot drops its last step (the answer's equation), ans ends with eos.
     * The question reads as at inference (BOS when the vocabulary adds one); the rest has no specials.
     *
     * @param tok  the model's tokenizer
     * @param t    CODI's special ids
     * @param item the problem
     * @return the example in tokens
     */
    public static Example of(Tokenizer tok, Tokens t, TrainItem item) {
        int[] q = tok.encode(item.question(), true, false);
        // Python's str.split(" "): empty pieces kept, so "a  b" has three steps
        List<String> steps = Arrays.asList(item.cot().split(" ", -1));
        steps = steps.subList(0, steps.size() - 1);
        int[] cot = steps.isEmpty() ? new int[0] : tok.encode(String.join(" ", steps), false, false);
        int[] ansPrompt = tok.encode(t.answerPrompt(), false, false);
        int[] ans = concat(tok.encode(t.answerPrompt() + " " + item.answer(), false, false), new int[] {t.eos()});
        return new Example(concat(q, new int[] {t.bot()}), concat(q, cot, ans), q.length,
                q.length + cot.length + ansPrompt.length - 1, concat(new int[] {t.eot()}, ans), ansPrompt.length);
    }

    /**
     * {@return the positions a training row needs: the longer of the student's and the teacher's sequence}
     *
     * @param latents the student's latent steps
     */
    public int positions(int latents) {
        return Math.max(ref.length, prompt.length + latents + dec.length);
    }

    static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] r = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }
}
