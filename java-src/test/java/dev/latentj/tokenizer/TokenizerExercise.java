package dev.latentj.tokenizer;

/** Drives a tokenizer built from untrusted data through encode / decode / lookups; only assertions may fail. */
final class TokenizerExercise {
    private TokenizerExercise() {}

    static void run(Tokenizer tok) {
        int n = tok.vocabSize();
        for (String s : new String[] {"", "Hello world", " 12 + 3.5 = x\n\t<s></s><|endoftext|>", "héllo 日本 🙂", "\u0000\uFFFF"}) {
            int[] ids = tok.encode(s, true, true);
            for (int id : ids) {
                if (id < 0 || id >= n) throw new AssertionError("encode(" + s + ") produced id " + id + " outside [0, " + n + ")");
            }
            tok.decode(ids, true);
            tok.encode(s, false, false);
        }
        int[] all = new int[Math.min(n, 512)];
        for (int i = 0; i < all.length; i++) all[i] = i;
        tok.decode(all, true);
        StreamingDecoder d = tok.streamingDecoder();
        for (int id : all) d.push(id);
        for (int i = 0; i < all.length; i++) {
            tok.tokenBytes(i);
            tok.isControl(i);
        }
    }
}
