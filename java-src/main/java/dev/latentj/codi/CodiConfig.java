package dev.latentj.codi;

import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufMetadata;

import java.util.Optional;

/** CODI's metadata in a GGUF (the codi.* keys): special ids, number of latent thoughts, answer prompt. */
public record CodiConfig(int botId, int eotId, int padId, int numLatent, String answerPrompt) {

    public static Optional<CodiConfig> from(GgufMetadata md, int nVocab) throws GgufException {
        if (!md.has("codi.bot_token_id")) return Optional.empty();
        CodiConfig c = new CodiConfig(md.getInt("codi.bot_token_id"), md.getInt("codi.eot_token_id"),
                md.getIntOrDefault("codi.pad_token_id", -1), md.getIntOrDefault("codi.num_latent", 6),
                md.getStringOrDefault("codi.answer_prompt", "The answer is:"));
        for (int id : new int[] {c.botId, c.eotId}) {
            if (id < 0 || id >= nVocab) throw new GgufException("codi special token id " + id + " outside the vocabulary of " + nVocab);
        }
        if (c.numLatent < 0 || c.numLatent > 1024) throw new GgufException("codi.num_latent " + c.numLatent + " out of range");
        return Optional.of(c);
    }
}
