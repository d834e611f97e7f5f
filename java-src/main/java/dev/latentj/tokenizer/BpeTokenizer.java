package dev.latentj.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE (GPT-2, Llama 3, Qwen2, ...). Words from the pre-tokenizer are turned into byte symbols, then
 * merged lowest rank first, leftmost first on ties (llama.cpp's {@code llm_tokenizer_bpe_session}, HF's BPE).
 * Symbols are token ids and merges are looked up by id pair; strings that appear in merges but are not tokens
 * get ids past the vocabulary ("virtual" ids) and fall back to byte tokens at the end, as in llama.cpp.
 */
final class BpeTokenizer extends BaseTokenizer {
    private static final int CACHE_MAX_ENTRIES = 1 << 17;
    private static final int CACHE_MAX_WORD = 48;
    /** -Dlatentj.bpe.cache=false turns the word cache off (benchmarks of the bare algorithm). */
    private static final boolean CACHE = !"false".equals(System.getProperty("latentj.bpe.cache"));

    private final PreTokenizer pre;
    private final boolean ignoreMerges;
    private final PairMap merges;
    private final int[] byteIds = new int[256];     // symbol id of each byte (real or virtual)
    private final int[] byteTokens = new int[256];  // real token of each byte, or -1
    private final byte[][] virtualBytes;            // bytes of virtual id n + i
    /** Raw text of a word → its token, for ignore_merges (only tokens whose text is a whole byte-level string). */
    private final Map<String, Integer> wholeWords;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BpeTokenizer(VocabData v) {
        this(v, PreTokenizers.forName(v.pre()));
    }

    private BpeTokenizer(VocabData v, PreTokenizers.Preset preset) {
        super(v, preset.noBos() ? -1 : 11, 11, preset.defaultAddBos(), false);
        this.pre = preset.splitter();
        this.ignoreMerges = preset.ignoreMerges();
        initPieces();

        Map<String, Integer> virtual = new HashMap<>();
        List<String> virtualTexts = new ArrayList<>();
        java.util.function.ToIntFunction<String> idOf = s -> {
            Integer id = tokenToId.get(s);
            if (id != null) return id;
            return virtual.computeIfAbsent(s, k -> {
                virtualTexts.add(k);
                return n + virtualTexts.size() - 1;
            });
        };
        for (int b = 0; b < 256; b++) {
            String s = String.valueOf(ByteUnicode.encode(b));
            Integer real = tokenToId.get(s);
            byteTokens[b] = real == null ? -1 : real;
            byteIds[b] = idOf.applyAsInt(s);
        }
        List<String> m = v.merges();
        this.merges = new PairMap(m.size());
        for (int rank = 0; rank < m.size(); rank++) {
            String line = m.get(rank);
            int sp = line.indexOf(' ', 1); // from 1: a merge may start with a literal space (llama.cpp does the same)
            if (sp < 0) continue;
            String left = line.substring(0, sp), right = line.substring(sp + 1);
            merges.putIfAbsent(idOf.applyAsInt(left), idOf.applyAsInt(right), rank, idOf.applyAsInt(left + right));
        }
        this.virtualBytes = new byte[virtualTexts.size()][];
        for (int i = 0; i < virtualTexts.size(); i++) virtualBytes[i] = ByteUnicode.decode(virtualTexts.get(i));

        this.wholeWords = ignoreMerges ? buildWholeWords(v) : Map.of();
    }

    private static Map<String, Integer> buildWholeWords(VocabData v) {
        Map<String, Integer> map = new HashMap<>(v.size() * 2);
        var decoder = StandardCharsets.UTF_8.newDecoder();
        for (int i = 0; i < v.size(); i++) {
            String t = v.tokens().get(i);
            boolean allMapped = t.chars().allMatch(c -> ByteUnicode.decode(c) >= 0);
            if (!allMapped) continue;
            try {
                String raw = decoder.decode(java.nio.ByteBuffer.wrap(ByteUnicode.decode(t))).toString();
                map.put(raw, i);
            } catch (java.nio.charset.CharacterCodingException e) {
                // a partial UTF-8 sequence can never be a whole word
            }
        }
        return map;
    }

    @Override
    protected byte[] normalPiece(String text) {
        return ByteUnicode.decode(text);
    }

    @Override
    protected void encodeFragment(String text, int start, int end, boolean afterSpecial, IntList out) {
        IntList ends = new IntList(Math.max(8, (end - start) / 3));
        pre.split(text, start, end, ends);
        Session session = null;
        int s = start;
        for (int i = 0; i < ends.size(); i++) {
            int e = ends.get(i);
            if (e > s) {
                String word = text.substring(s, e);
                int[] ids = cache.get(word);
                if (ids == null) {
                    if (session == null) session = new Session();
                    ids = encodeWord(word, session);
                    if (CACHE && word.length() <= CACHE_MAX_WORD && cache.size() < CACHE_MAX_ENTRIES) cache.put(word, ids);
                }
                out.addAll(ids);
            }
            s = e;
        }
    }

    private int[] encodeWord(String word, Session ss) {
        if (ignoreMerges) {
            Integer whole = wholeWords.get(word);
            if (whole != null) return new int[] {whole};
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int len = bytes.length;
        ss.reset(len);
        int[] sym = ss.sym, next = ss.next, prev = ss.prev;
        for (int i = 0; i < len; i++) {
            sym[i] = byteIds[bytes[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < len ? i + 1 : -1;
        }
        for (int i = 0; i + 1 < len; i++) ss.push(merges.get(sym[i], sym[i + 1]), i);
        while (ss.heapSize > 0) {
            long top = ss.pop();
            int rank = (int) (top >>> 32);
            int left = (int) top;
            if (sym[left] < 0) continue;
            int right = next[left];
            if (right < 0) continue;
            long m = merges.get(sym[left], sym[right]);
            if (m < 0 || (int) (m >>> 32) != rank) continue; // stale: a neighbour changed since it was queued
            sym[left] = (int) m;
            sym[right] = -1;
            int rr = next[right];
            next[left] = rr;
            if (rr >= 0) prev[rr] = left;
            if (prev[left] >= 0) ss.push(merges.get(sym[prev[left]], sym[left]), prev[left]);
            if (rr >= 0) ss.push(merges.get(sym[left], sym[rr]), left);
        }
        IntList out = new IntList(8);
        for (int i = 0; i >= 0; i = next[i]) {
            int id = sym[i];
            if (id < n) {
                out.add(id);
            } else {
                for (byte b : virtualBytes[id - n]) {
                    if (byteTokens[b & 0xFF] >= 0) out.add(byteTokens[b & 0xFF]);
                }
            }
        }
        return out.toArray();
    }

    /** Per-call scratch: symbol chain and a binary min-heap of (rank << 32 | left index). */
    private static final class Session {
        int[] sym = new int[64], next = new int[64], prev = new int[64];
        long[] heap = new long[64];
        int heapSize;

        void reset(int len) {
            if (sym.length < len) {
                sym = new int[len];
                next = new int[len];
                prev = new int[len];
            }
            heapSize = 0;
        }

        void push(long merge, int left) {
            if (merge < 0) return;
            long v = (merge & 0xFFFFFFFF00000000L) | left;
            if (heapSize == heap.length) heap = java.util.Arrays.copyOf(heap, heapSize * 2);
            int i = heapSize++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (heap[p] <= v) break;
                heap[i] = heap[p];
                i = p;
            }
            heap[i] = v;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--heapSize];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= heapSize) break;
                if (c + 1 < heapSize && heap[c + 1] < heap[c]) c++;
                if (heap[c] >= last) break;
                heap[i] = heap[c];
                i = c;
            }
            heap[i] = last;
            return top;
        }
    }
}
