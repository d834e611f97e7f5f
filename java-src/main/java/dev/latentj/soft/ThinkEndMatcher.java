package dev.latentj.soft;

import java.util.Arrays;

/**
 * Recognises the think-end string in the visible thinking tokens. Qwen-style models have {@code </think>} as one
 * special token; for tokenizers that split it, the caller passes its token ids and the matcher checks the suffix
 * of the trace.
 *
 * @param tokens the think-end's token ids, at least one; copied in and out
 */
public record ThinkEndMatcher(int[] tokens) {

    /**
     * Copies the ids.
     *
     * @throws IllegalArgumentException if there are none
     */
    public ThinkEndMatcher {
        if (tokens.length == 0) throw new IllegalArgumentException("think-end has no tokens");
        tokens = tokens.clone();
    }

    /**
     * {@return a matcher for a think-end that is one token}
     *
     * @param id the token, e.g. Qwen's {@code </think>}
     */
    public static ThinkEndMatcher single(int id) {
        return new ThinkEndMatcher(new int[] {id});
    }

    /**
     * {@return whether the first {@code length} entries of {@code trace} end with the think-end tokens}
     *
     * @param trace  the visible thinking tokens, possibly with spare room after them
     * @param length how many of them count, at most {@code trace.length}
     */
    public boolean matches(int[] trace, int length) {
        int n = tokens.length;
        if (length < n) return false;
        return Arrays.equals(trace, length - n, length, tokens, 0, n);
    }

    /** {@return the think-end's token ids, a copy} */
    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public String toString() {
        return "ThinkEndMatcher" + Arrays.toString(tokens);
    }
}
