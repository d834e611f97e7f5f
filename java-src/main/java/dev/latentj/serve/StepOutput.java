package dev.latentj.serve;

import dev.latentj.engine.Session;
import dev.latentj.sampling.Softmax;
import dev.latentj.sampling.TopK;

import java.util.Arrays;

/**
 * One sequence's output row of the last decode, read the way that sequence needs: from the device reduction when
 * it serves the request, else from the row's full logits on the CPU (the exact counterpart, {@link TopK#fromLogits}).
 * Valid only until the session's next call that computes a graph.
 */
final class StepOutput {
    private final Session session;
    private final int index;
    private final Reduction device;
    private float[] logits;

    StepOutput(Session session, int index, Reduction device) {
        this.session = session;
        this.index = index;
        this.device = device;
    }

    /** The greedy token over ids below {@code vocabLimit} (0: all). */
    int argmax(int vocabLimit) {
        if (device.serves(new Want.Argmax(vocabLimit))) return session.argmax(index);
        float[] l = logits();
        return Softmax.argmax(l, Softmax.support(l, vocabLimit));
    }

    /** The top-{@code k} of softmax(logits / temperature) over ids below {@code vocabLimit}, with the entropy. */
    TopK topK(int k, float temperature, int vocabLimit) {
        if (device.serves(new Want.TopK(k, temperature, vocabLimit))) {
            TopK all = session.topK(index, device.k());
            return k == all.size() ? all
                    : new TopK(Arrays.copyOf(all.ids(), k), Arrays.copyOf(all.probs(), k), all.entropy());
        }
        return TopK.fromLogits(logits(), temperature, k, vocabLimit);
    }

    /** The row's hidden state after the final norm (n_embd floats). */
    float[] hidden() {
        return session.hidden(index);
    }

    /** The row's logits (n_vocab floats), read once. */
    float[] logits() {
        if (logits == null) logits = session.logits(index);
        return logits;
    }
}
