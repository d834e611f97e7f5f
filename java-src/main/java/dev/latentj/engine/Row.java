package dev.latentj.engine;

import dev.latentj.bindings.latentj_h;

/**
 * One row of a batch: what is fed at (seq, pos), and what comes out of it.
 * A token, a raw input vector (GPT-2 still adds its position embedding), a concept token
 * (the mixture sum_i w_i E[id_i] of Soft Thinking), or a CODI continuous thought computed on the device.
 * Rows of every kind and of different sequences mix in one batch.
 */
public sealed interface Row permits Row.Token, Row.Embedding, Row.Mixture, Row.Latent {

    /** {@return the sequence slot, 0 to {@link Session.Options#sequences()} - 1} */
    int seq();

    /**
     * The position within the sequence. Decoding at a position first drops what the sequence held from there on,
     * so a row may overwrite an earlier one.
     *
     * @return the position, 0 to {@link Session#context()} - 1
     */
    int pos();

    /** {@return what the decode keeps for this row} */
    Output output();

    /**
     * What a decode keeps for a row, readable by output index until the next decode. The last output of each
     * sequence also leaves its hidden state on the device for a following {@link Latent} row.
     */
    enum Output {
        /** Nothing: the row only fills the KV cache, and takes no output index. */
        NONE(latentj_h.LJ_OUT_NONE()),
        /** The hidden state after the final norm ({@link Session#hidden}). */
        HIDDEN(latentj_h.LJ_OUT_HIDDEN()),
        /** The logits, and the hidden state with them. */
        LOGITS(latentj_h.LJ_OUT_LOGITS());

        final int id;

        Output(int id) { this.id = id; }
    }

    /**
     * A token of the vocabulary, looked up in the embedding table.
     *
     * @param seq    the sequence slot
     * @param pos    the position
     * @param id     the token id, 0 to n_vocab - 1 (checked by {@link Session#decode})
     * @param output what to keep
     */
    record Token(int seq, int pos, int id, Output output) implements Row {
        /**
         * Checks the components that can be checked without the model.
         *
         * @throws NullPointerException if {@code output} is null
         */
        public Token {
            java.util.Objects.requireNonNull(output, "output");
        }
    }

    /**
     * A raw input vector in place of a token's embedding row. The array is not copied: do not change it before the
     * decode.
     *
     * @param seq    the sequence slot
     * @param pos    the position
     * @param vector n_embd finite values (the length is checked by {@link Session#decode})
     * @param output what to keep
     */
    record Embedding(int seq, int pos, float[] vector, Output output) implements Row {
        /**
         * Checks the components that can be checked without the model.
         *
         * @throws NullPointerException     if {@code vector} or {@code output} is null
         * @throws IllegalArgumentException if a value is NaN or infinite
         */
        public Embedding {
            java.util.Objects.requireNonNull(vector, "vector");
            java.util.Objects.requireNonNull(output, "output");
            for (int i = 0; i < vector.length; i++) {
                if (!Float.isFinite(vector[i])) throw new IllegalArgumentException("embedding value " + i + " is " + vector[i]);
            }
        }
    }

    /**
     * A concept token: the input is sum_i weights[i] * E[ids[i]], computed on the device from the embedding table,
     * so only the ids and weights cross. The weights are used as given (not renormalised); the arrays are not copied.
     *
     * @param seq     the sequence slot
     * @param pos     the position
     * @param ids     token ids, each 0 to n_vocab - 1; 1 to 64 of them (LJ_MAX_TOPK, checked by the engine)
     * @param weights one finite weight per id
     * @param output  what to keep
     */
    record Mixture(int seq, int pos, int[] ids, float[] weights, Output output) implements Row {
        /**
         * Checks the components that can be checked without the model.
         *
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if {@code ids} and {@code weights} differ in length
         */
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
     *
     * @param seq     the sequence slot
     * @param pos     the position, usually the sequence's next one
     * @param coconut feed h unprojected (Coconut) instead of prj(h) (CODI)
     * @param output  what to keep; not {@link Output#NONE} when another thought follows, which needs this hidden state
     */
    record Latent(int seq, int pos, boolean coconut, Output output) implements Row {
        /**
         * Checks the components that can be checked without the model.
         *
         * @throws NullPointerException if {@code output} is null
         */
        public Latent {
            java.util.Objects.requireNonNull(output, "output");
        }

        /**
         * CODI's thought, z = prj(h).
         *
         * @param seq    the sequence slot
         * @param pos    the position
         * @param output what to keep
         */
        public Latent(int seq, int pos, Output output) {
            this(seq, pos, false, output);
        }
    }
}
