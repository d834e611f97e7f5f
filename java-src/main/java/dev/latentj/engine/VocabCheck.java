package dev.latentj.engine;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufFile;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.tokenizer.VocabData;
import dev.latentj.tokenizer.VocabLoader;

/**
 * A model's tokenizer, when the file carries one, must load and name exactly the embedding's rows:
 * a token id the tokenizer can produce must be a row the engine can look up.
 */
final class VocabCheck {
    private VocabCheck() {}

    static void check(ModelConfig c, GgufFile f) throws GgufException {
        if (!f.metadata().has(GgufKeys.TOKENIZER_TOKENS) && !f.metadata().has(GgufKeys.TOKENIZER_MODEL)) return;
        VocabData v = VocabLoader.fromGguf(f);
        if (v.size() != c.nVocab()) {
            throw new GgufException("the tokenizer has " + v.size() + " tokens but token_embd.weight has "
                    + c.nVocab() + " rows");
        }
    }
}
