package dev.latentj.tokenizer;

/**
 * Open-addressing map from a token-id pair to (merge rank, merged id), both packed in longs: the BPE inner
 * loop looks pairs up millions of times, so no boxing and no string building.
 */
final class PairMap {
    private static final long EMPTY = -1L;
    private final long[] keys;
    private final long[] values;
    private final int mask;

    PairMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new long[cap];
        java.util.Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Keeps the first (lowest-rank) entry when a pair is listed twice, as llama.cpp's map emplace does. */
    void putIfAbsent(int left, int right, int rank, int merged) {
        long k = key(left, right);
        int i = slot(k);
        while (keys[i] != EMPTY) {
            if (keys[i] == k) return;
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
    }

    /** Packed (rank << 32 | merged id), or -1 when the pair does not merge. */
    long get(int left, int right) {
        long k = key(left, right);
        int i = slot(k);
        long kk;
        while ((kk = keys[i]) != EMPTY) {
            if (kk == k) return values[i];
            i = (i + 1) & mask;
        }
        return -1L;
    }

    private int slot(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 33) & mask;
    }
}
