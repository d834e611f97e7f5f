package dev.latentj.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What BPE and SPM share: special-token partitioning, BOS/EOS, piece bytes, decoding. Subclasses only turn a
 * text fragment (no special tokens in it) into ids.
 */
abstract sealed class BaseTokenizer implements Tokenizer permits BpeTokenizer, SpmTokenizer {
    protected final VocabData vocab;
    protected final int n;
    protected final Map<String, Integer> tokenToId;
    private final byte[][] pieces;
    private final SpecialTokens specials;
    private final int bos, eos;
    private final boolean addBos, addEos;
    /** SPM: a space is put before the text, so decoding drops the first piece's leading space. */
    protected final boolean addSpacePrefix;

    BaseTokenizer(VocabData v, int defaultBos, int defaultEos, boolean defaultAddBos, boolean spacePrefix) {
        this.vocab = v;
        this.n = v.size();
        this.tokenToId = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) tokenToId.put(v.tokens().get(i), i); // a duplicate keeps the last id, as llama.cpp
        this.bos = inRange(v.bos() >= 0 ? v.bos() : defaultBos);
        this.eos = inRange(v.eos() >= 0 ? v.eos() : defaultEos);
        this.addBos = (v.addBos() != null ? v.addBos() : defaultAddBos) && bos >= 0;
        this.addEos = (v.addEos() != null ? v.addEos() : false) && eos >= 0;
        this.addSpacePrefix = spacePrefix;
        this.specials = new SpecialTokens(v);
        this.pieces = new byte[n][];
    }

    private int inRange(int id) {
        return id >= 0 && id < n ? id : -1;
    }

    /** Fills the piece table; called by subclass constructors once their own fields are set. */
    protected final void initPieces() {
        for (int i = 0; i < n; i++) {
            String text = vocab.tokens().get(i);
            pieces[i] = switch (vocab.tokenType(i)) {
                case TokenType.CONTROL, TokenType.UNKNOWN, TokenType.USER_DEFINED -> text.getBytes(StandardCharsets.UTF_8);
                case TokenType.NORMAL -> normalPiece(text);
                case TokenType.BYTE -> new byte[] {(byte) byteValue(text)};
                default -> new byte[0]; // unused / undefined: llama.cpp prints nothing
            };
        }
    }

    /** Bytes of a normal token's text (byte-level: reverse the byte map; SPM: ▁ to space). */
    protected abstract byte[] normalPiece(String text);

    /** Byte of a byte token: {@code <0xNN>} for SPM. */
    protected int byteValue(String text) {
        if (text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            return Integer.parseInt(text.substring(3, 5), 16);
        }
        byte[] b = normalPiece(text);
        return b.length > 0 ? b[0] & 0xFF : 0;
    }

    /** Appends the ids of a fragment without special tokens. {@code afterSpecial}: at text start or after a special token. */
    protected abstract void encodeFragment(String text, int start, int end, boolean afterSpecial, IntList out);

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList(Math.max(16, text.length() / 3));
        if (addSpecial && addBos) out.add(bos);
        IntList frags = new IntList();
        specials.partition(text, parseSpecial, frags);
        boolean afterSpecial = true;
        for (int f = 0; f < frags.size(); f += 3) {
            int id = frags.get(f + 2);
            if (id >= 0) {
                out.add(id);
                afterSpecial = true;
            } else {
                encodeFragment(text, frags.get(f), frags.get(f + 1), afterSpecial, out);
                afterSpecial = false;
            }
        }
        if (addSpecial && addEos) out.add(eos);
        return out.toArray();
    }

    @Override
    public String decode(int[] ids, boolean renderSpecial) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int i = 0; i < ids.length; i++) {
            boolean first = i == 0 || (i == 1 && ids[0] == bos);
            out.writeBytes(pieceForDecode(ids[i], renderSpecial, first));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The bytes one token adds to decoded text; {@code first}: at sequence start (or right after BOS). */
    byte[] pieceForDecode(int id, boolean renderSpecial, boolean first) {
        checkId(id);
        int t = vocab.tokenType(id);
        if (!renderSpecial && (t == TokenType.CONTROL || t == TokenType.UNKNOWN)) return new byte[0];
        byte[] p = pieces[id];
        if (first && addSpacePrefix && p.length > 0 && p[0] == ' ') {
            return java.util.Arrays.copyOfRange(p, 1, p.length);
        }
        return p;
    }

    @Override
    public byte[] tokenBytes(int id) {
        checkId(id);
        return pieces[id].clone();
    }

    protected final void checkId(int id) {
        if (id < 0 || id >= n) {
            throw new IllegalArgumentException("token id " + id + " is out of range: the vocabulary has " + n
                    + " tokens (0.." + (n - 1) + ")");
        }
    }

    @Override public int vocabSize() { return n; }
    @Override public int bos() { return bos; }
    @Override public int eos() { return eos; }
    @Override public VocabData vocab() { return vocab; }

    @Override
    public OptionalInt tokenId(String piece) {
        Integer id = tokenToId.get(piece);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public StreamingDecoder streamingDecoder() {
        return new StreamingDecoder(this);
    }

    @Override
    public boolean isControl(int id) {
        checkId(id);
        return vocab.tokenType(id) == TokenType.CONTROL;
    }

    /** Whether BOS / EOS are added when {@code addSpecial} is true. */
    public boolean addsBos() { return addBos; }
    public boolean addsEos() { return addEos; }
}
