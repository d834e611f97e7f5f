package dev.latentj.soft;

import java.util.Arrays;

/**
 * Recognises the think-end string in the visible thinking tokens. Qwen-style models have {@code </think>} as one
 * special token; for tokenizers that split it, the caller passes its token ids and the matcher checks the suffix
 * of the trace.
 */
public record ThinkEndMatcher(int[] tokens) {

    public ThinkEndMatcher {
        if (tokens.length == 0) throw new IllegalArgumentException("think-end has no tokens");
        tokens = tokens.clone();
    }

    public static ThinkEndMatcher single(int id) {
        return new ThinkEndMatcher(new int[] {id});
    }

    /** Whether the first {@code length} entries of {@code trace} end with the think-end tokens. */
    public boolean matches(int[] trace, int length) {
        int n = tokens.length;
        if (length < n) return false;
        return Arrays.equals(trace, length - n, length, tokens, 0, n);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public String toString() {
        return "ThinkEndMatcher" + Arrays.toString(tokens);
    }
}
