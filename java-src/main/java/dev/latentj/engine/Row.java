package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;

/**
 * One row of a batch: what is fed at (seq, pos), and what comes out of it.
 * A token, a raw input vector (GPT-2 still adds its position embedding), a concept token
 * (the mixture sum_i w_i E[id_i] of Soft Thinking), or a CODI continuous thought computed on the device.
 * Rows of every kind and of different sequences mix in one batch.
 */
public sealed interface Row permits Row.Token, Row.Embedding, Row.Mixture, Row.Latent {

    int seq();

    int pos();

    Output output();

    enum Output {
        NONE(latentj_h.LJ_OUT_NONE()), HIDDEN(latentj_h.LJ_OUT_HIDDEN()), LOGITS(latentj_h.LJ_OUT_LOGITS());

        final int id;

        Output(int id) { this.id = id; }
    }

    record Token(int seq, int pos, int id, Output output) implements Row {
        public Token {
            java.util.Objects.requireNonNull(output, "output");
        }
    }

    record Embedding(int seq, int pos, float[] vector, Output output) implements Row {
        public Embedding {
            java.util.Objects.requireNonNull(vector, "vector");
            java.util.Objects.requireNonNull(output, "output");
            for (int i = 0; i < vector.length; i++) {
                if (!Float.isFinite(vector[i])) throw new IllegalArgumentException("embedding value " + i + " is " + vector[i]);
            }
        }
    }

    record Mixture(int seq, int pos, int[] ids, float[] weights, Output output) implements Row {
        public Mixture {
            java.util.Objects.requireNonNull(ids, "ids");
            java.util.Objects.requireNonNull(weights, "weights");
            java.util.Objects.requireNonNull(output, "output");
            if (ids.length != weights.length) {
                throw new IllegalArgumentException("mixture has " + ids.length + " ids but " + weights.length + " weights");
            }
        }
    }

    /**
     * A continuous thought: the engine feeds z = prj(h), or h itself with {@code coconut}, where h is the hidden
     * state of the sequence's last output, kept on the device by an earlier decode. It must be its sequence's only
     * row in the batch.
     */
    record Latent(int seq, int pos, boolean coconut, Output output) implements Row {
        public Latent {
            java.util.Objects.requireNonNull(output, "output");
        }

        /** CODI's thought, z = prj(h). */
        public Latent(int seq, int pos, Output output) {
            this(seq, pos, false, output);
        }
    }
}
