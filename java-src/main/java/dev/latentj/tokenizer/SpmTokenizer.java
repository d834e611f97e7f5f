package dev.latentj.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * SentencePiece-style BPE ({@code tokenizer.ggml.model = "llama"}: Llama 2, Mistral, stories260K): spaces
 * become ▁, a ▁ is put in front of the text (add_space_prefix), then adjacent symbols whose concatenation
 * is a token are merged, highest score first; what is left without a token falls back to byte tokens
 * {@code <0xNN>}. Follows llama.cpp's {@code llm_tokenizer_spm_session}.
 */
final class SpmTokenizer extends BaseTokenizer {
    private static final char SPACE = '\u2581';
    private final float[] scores;
    private final int[] byteTokens = new int[256];
    private final boolean[] mergeable;
    private final int unk;

    SpmTokenizer(VocabData v) {
        super(v, 1, 2, true, v.addSpacePrefix() == null || v.addSpacePrefix());
        initPieces();
        this.scores = v.scores() != null ? v.scores() : new float[n];
        this.unk = v.unk() >= 0 && v.unk() < n ? v.unk() : (n > 0 ? 0 : -1);
        // control tokens never come out of merges (SentencePiece does not produce them from text)
        this.mergeable = new boolean[n];
        for (int i = 0; i < n; i++) mergeable[i] = v.tokenType(i) != TokenType.CONTROL;
        for (int b = 0; b < 256; b++) {
            Integer id = tokenToId.get(String.format("<0x%02X>", b));
            if (id == null) id = tokenToId.get(new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1));
            byteTokens[b] = id != null ? id : unk;
        }
    }

    @Override
    protected byte[] normalPiece(String text) {
        return text.replace(SPACE, ' ').getBytes(StandardCharsets.UTF_8);
    }

    private record Bigram(float score, int left, int right, int size) {}

    @Override
    protected void encodeFragment(String text, int start, int end, boolean afterSpecial, IntList out) {
        String frag = text.substring(start, end);
        String s = ((addSpacePrefix && afterSpecial) ? " " + frag : frag).replace(' ', SPACE);
        int count = s.codePointCount(0, s.length());
        int[] from = new int[count], len = new int[count], prev = new int[count], next = new int[count];
        for (int i = 0, p = 0; i < count; i++) {
            int cl = Character.charCount(s.codePointAt(p));
            from[i] = p;
            len[i] = cl;
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
            p += cl;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 1; i < count; i++) tryAdd(s, from, len, i - 1, i, queue);
        while (!queue.isEmpty()) {
            Bigram bg = queue.poll();
            int l = bg.left, r = bg.right;
            if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != bg.size) continue; // stale
            len[l] += len[r];
            len[r] = 0;
            next[l] = next[r];
            if (next[r] >= 0) prev[next[r]] = l;
            if (prev[l] >= 0) tryAdd(s, from, len, prev[l], l, queue);
            if (next[l] >= 0) tryAdd(s, from, len, l, next[l], queue);
        }
        for (int i = 0; i >= 0 && count > 0; i = next[i]) {
            String piece = s.substring(from[i], from[i] + len[i]);
            Integer id = tokenToId.get(piece);
            if (id != null) {
                out.add(id);
            } else {
                for (byte b : piece.getBytes(StandardCharsets.UTF_8)) out.add(byteTokens[b & 0xFF]);
            }
        }
    }

    private void tryAdd(String s, int[] from, int[] len, int l, int r, PriorityQueue<Bigram> queue) {
        int size = len[l] + len[r];
        Integer id = tokenToId.get(s.substring(from[l], from[l] + size));
        if (id == null || !mergeable[id]) return;
        queue.add(new Bigram(scores[id], l, r, size));
    }
}
