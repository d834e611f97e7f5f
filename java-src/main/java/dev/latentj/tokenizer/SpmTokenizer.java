package dev.latentj.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * SentencePiece-style BPE ({@code tokenizer.ggml.model = "llama"}: Llama 2, Mistral, stories260K): spaces
 * become ▁, a ▁ is put in front of the text (add_space_prefix), then adjacent symbols whose concatenation
 * is a token are merged, highest score first, leftmost first on ties; characters left without a token fall
 * back to byte tokens {@code <0xNN>}. Same results as llama.cpp's {@code llm_tokenizer_spm_session}, but
 * symbols are ids and every possible merge (each token split in two at a character boundary) is precomputed
 * in a pair map, so the loop builds no strings.
 */
final class SpmTokenizer extends BaseTokenizer {
    private static final char SPACE = '\u2581';
    private final int[] byteTokens = new int[256];
    /** Symbol id of a code point: its token, a virtual id (n + k) if it only occurs inside tokens, or absent. */
    private final Map<Integer, Integer> charSymbols = new HashMap<>();
    private final int[] bmpSymbols = new int[65536];
    /** (left, right) → (sortable priority << 32 | merged token). */
    private final PairMap merges;
    private final int unk;

    SpmTokenizer(VocabData v) {
        super(v, 1, 2, true, v.addSpacePrefix() == null || v.addSpacePrefix());
        initPieces();
        float[] scores = v.scores() != null ? v.scores() : new float[n];
        this.unk = v.unk() >= 0 && v.unk() < n ? v.unk() : (n > 0 ? 0 : -1);
        for (int b = 0; b < 256; b++) {
            Integer id = tokenToId.get(String.format("<0x%02X>", b));
            if (id == null) id = tokenToId.get(new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1));
            byteTokens[b] = id != null ? id : unk;
        }
        java.util.Arrays.fill(bmpSymbols, -1);
        for (var e : tokenToId.entrySet()) {
            String t = e.getKey();
            if (t.codePointCount(0, t.length()) == 1) setCharSymbol(t.codePointAt(0), e.getValue());
        }
        int[] nextVirtual = {n};
        this.merges = new PairMap(n * 4);
        for (int id = 0; id < n; id++) {
            // control tokens never come out of merges (SentencePiece does not produce them from text)
            if (v.tokenType(id) == TokenType.CONTROL) continue;
            String t = v.tokens().get(id);
            // an empty piece cannot be split into a merge (hostile vocabularies have them)
            if (t.isEmpty()) continue;
            // the map keeps the first entry per pair; tokenToId keeps the last id per text, so use that one
            if (tokenToId.get(t) != id) continue;
            int prio = ~sortable(scores[id]);
            for (int i = Character.charCount(t.codePointAt(0)); i < t.length(); i += Character.charCount(t.codePointAt(i))) {
                int l = symbolOfText(t.substring(0, i), nextVirtual), r = symbolOfText(t.substring(i), nextVirtual);
                if (l >= 0 && r >= 0) merges.putIfAbsent(l, r, prio, id);
            }
        }
    }

    /** A token's symbol id, or a virtual id for a lone code point that is not a token; -1 otherwise. */
    private int symbolOfText(String s, int[] nextVirtual) {
        Integer id = tokenToId.get(s);
        if (id != null) return id;
        if (s.codePointCount(0, s.length()) != 1) return -1;
        int cp = s.codePointAt(0);
        int sym = charSymbol(cp);
        if (sym < 0) setCharSymbol(cp, sym = nextVirtual[0]++);
        return sym;
    }

    private int charSymbol(int cp) {
        if (cp < 65536) return bmpSymbols[cp];
        Integer s = charSymbols.get(cp);
        return s == null ? -1 : s;
    }

    private void setCharSymbol(int cp, int sym) {
        if (cp < 65536) bmpSymbols[cp] = sym;
        else charSymbols.put(cp, sym);
    }

    /** Maps a float to an int with the same order. */
    private static int sortable(float f) {
        int b = Float.floatToIntBits(f);
        return b ^ ((b >> 31) & 0x7FFFFFFF);
    }

    @Override
    protected byte[] normalPiece(String text) {
        return text.replace(SPACE, ' ').getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void encodeFragment(String text, int start, int end, boolean afterSpecial, IntList out) {
        int count = (addSpacePrefix && afterSpecial ? 1 : 0) + Character.codePointCount(text, start, end);
        int[] sym = new int[count], cps = new int[count], next = new int[count], prev = new int[count];
        int k = 0;
        if (addSpacePrefix && afterSpecial) cps[k++] = SPACE;
        for (int p = start; p < end; ) {
            int cp = text.codePointAt(p);
            p += Character.charCount(cp);
            cps[k++] = cp == ' ' ? SPACE : cp;
        }
        for (int i = 0; i < count; i++) {
            sym[i] = charSymbol(cps[i]);
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }
        Heap heap = new Heap(count);
        for (int i = 0; i + 1 < count; i++) heap.push(pair(sym[i], sym[i + 1]), i);
        while (heap.size > 0) {
            long top = heap.pop();
            int left = (int) top;
            int right = next[left];
            if (sym[left] == Integer.MIN_VALUE || right < 0) continue;
            long m = pair(sym[left], sym[right]);
            if (m == -1L || (m >>> 32) != (top >>> 32)) continue; // stale
            sym[left] = (int) m;
            sym[right] = Integer.MIN_VALUE;
            int rr = next[right];
            next[left] = rr;
            if (rr >= 0) prev[rr] = left;
            if (prev[left] >= 0) heap.push(pair(sym[prev[left]], sym[left]), prev[left]);
            if (rr >= 0) heap.push(pair(sym[left], sym[rr]), left);
        }
        for (int i = 0; i >= 0 && count > 0; i = next[i]) {
            int id = sym[i];
            if (id >= 0 && id < n) {
                out.add(id);
            } else { // a character without a token (never merged): its UTF-8 bytes
                for (byte b : new String(Character.toChars(cps[i])).getBytes(StandardCharsets.UTF_8)) out.add(byteTokens[b & 0xFF]);
            }
        }
    }

    /** The merge of two symbols: (priority << 32 | token), or -1. */
    private long pair(int l, int r) {
        return l < 0 || r < 0 ? -1L : merges.get(l, r);
    }

    /** Min-heap of (priority << 32 | left index): best score first, then leftmost. */
    private static final class Heap {
        long[] a;
        int size;

        Heap(int cap) {
            a = new long[Math.max(8, cap)];
        }

        void push(long merge, int left) {
            if (merge == -1L) return;
            long v = (merge & 0xFFFFFFFF00000000L) | left;
            if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (a[p] <= v) break;
                a[i] = a[p];
                i = p;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0];
            long last = a[--size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) break;
                if (c + 1 < size && a[c + 1] < a[c]) c++;
                if (a[c] >= last) break;
                a[i] = a[c];
                i = c;
            }
            a[i] = last;
            return top;
        }
    }
}
