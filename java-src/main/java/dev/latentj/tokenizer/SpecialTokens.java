package dev.latentj.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts special tokens out of text before the text is tokenized, as llama.cpp's
 * {@code tokenizer_st_partition}: candidates are tried longest first, each split out of every remaining text
 * fragment. Control and unknown tokens are only matched when parsing special tokens is asked for;
 * user-defined tokens are always matched (as HF tokenizers does for added tokens).
 */
final class SpecialTokens {
    private final String[] texts;     // candidates, longest (in UTF-8 bytes) first
    private final int[] ids;
    private final boolean[] alwaysParsed;
    private final boolean[] rstrip;
    private final BitSet firstChars = new BitSet(65536);

    SpecialTokens(VocabData v) {
        List<Integer> cand = new ArrayList<>();
        for (int id = 0; id < v.size(); id++) {
            int t = v.tokenType(id);
            if ((t == TokenType.CONTROL || t == TokenType.USER_DEFINED || t == TokenType.UNKNOWN)
                    && !v.tokens().get(id).isEmpty()) {
                cand.add(id);
            }
        }
        cand.sort(Comparator.comparingInt((Integer id) -> -v.tokens().get(id).getBytes(StandardCharsets.UTF_8).length)
                .thenComparingInt(id -> id));
        int n = cand.size();
        texts = new String[n];
        ids = new int[n];
        alwaysParsed = new boolean[n];
        rstrip = new boolean[n];
        // llama.cpp's per-model attribute: Phi-3 strips whitespace after its special tokens, except these
        String name = v.modelName() == null ? "" : v.modelName().toLowerCase(java.util.Locale.ROOT);
        boolean phi3 = name.contains("phi-3") || name.contains("phi3");
        for (int i = 0; i < n; i++) {
            int id = cand.get(i);
            texts[i] = v.tokens().get(id);
            ids[i] = id;
            alwaysParsed[i] = v.tokenType(id) == TokenType.USER_DEFINED;
            rstrip[i] = phi3 && !List.of("<unk>", "<s>", "<|endoftext|>").contains(texts[i]);
            firstChars.set(texts[i].charAt(0));
        }
    }

    /**
     * Splits {@code text} into fragments: triples (start, end, tokenId) in {@code out}, tokenId -1 for raw text.
     */
    void partition(String text, boolean parseSpecial, IntList out) {
        out.clear();
        if (text.isEmpty()) return;
        out.add(0);
        out.add(text.length());
        out.add(-1);
        if (texts.length == 0 || !mayContainAny(text)) return;
        IntList next = new IntList();
        IntList cur = out;
        for (int s = 0; s < texts.length; s++) {
            if (!parseSpecial && !alwaysParsed[s]) continue;
            String tok = texts[s];
            if (text.indexOf(tok) < 0) continue;
            next.clear();
            for (int f = 0; f < cur.size(); f += 3) {
                int start = cur.get(f), end = cur.get(f + 1), id = cur.get(f + 2);
                if (id >= 0) {
                    next.add(start); next.add(end); next.add(id);
                    continue;
                }
                int from = start;
                while (from < end) {
                    int m = text.indexOf(tok, from);
                    if (m < 0 || m + tok.length() > end) break;
                    if (m > from) { next.add(from); next.add(m); next.add(-1); }
                    next.add(m); next.add(m + tok.length()); next.add(ids[s]);
                    from = m + tok.length();
                    if (rstrip[s]) while (from < end && isCSpace(text.charAt(from))) from++;
                }
                if (from < end) { next.add(from); next.add(end); next.add(-1); }
            }
            IntList t = cur; cur = next; next = t;
        }
        if (cur != out) {
            out.clear();
            for (int i = 0; i < cur.size(); i++) out.add(cur.get(i));
        }
    }

    private boolean mayContainAny(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (firstChars.get(text.charAt(i))) return true;
        }
        return false;
    }

    /** C's isspace in the "C" locale, which llama.cpp uses for lstrip/rstrip. */
    private static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
