package dev.latentj.engine;

/**
 * One row of a batch: what is fed at (seq, pos), and what comes out of it.
 * A token, a raw input vector (GPT-2 still adds its position embedding), or a concept token
 * (the mixture sum_i w_i E[id_i] of Soft Thinking).
 */
public sealed interface Row permits Row.Token, Row.Embedding, Row.Mixture {

    int seq();

    int pos();

    Output output();

    enum Output {
        NONE(0), HIDDEN(1), LOGITS(2);

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
}
