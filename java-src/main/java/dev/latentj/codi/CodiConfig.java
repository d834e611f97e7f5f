package dev.latentj.codi;

import dev.latentj.convert.CodiCheckpointConfig;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufMetadata;

import java.util.Optional;

/**
 * CODI's metadata in a GGUF (the codi.* keys): special ids, number of latent thoughts, answer prompt. Keys a
 * file lacks take the converter's defaults ({@link CodiCheckpointConfig}).
 */
public record CodiConfig(int botId, int eotId, int padId, int numLatent, String answerPrompt) {

    public static Optional<CodiConfig> from(GgufMetadata md, int nVocab) throws GgufException {
        if (!md.has(GgufKeys.CODI_BOT_ID)) return Optional.empty();
        CodiConfig c = new CodiConfig(md.getInt(GgufKeys.CODI_BOT_ID), md.getInt(GgufKeys.CODI_EOT_ID),
                md.getIntOrDefault(GgufKeys.CODI_PAD_ID, -1), md.getIntOrDefault(GgufKeys.CODI_NUM_LATENT, CodiCheckpointConfig.DEFAULT_NUM_LATENT),
                md.getStringOrDefault(GgufKeys.CODI_ANSWER_PROMPT, CodiCheckpointConfig.DEFAULT_ANSWER_PROMPT));
        for (int id : new int[] {c.botId, c.eotId}) {
            if (id < 0 || id >= nVocab) throw new GgufException("codi special token id " + id + " outside the vocabulary of " + nVocab);
        }
        if (c.numLatent < 0 || c.numLatent > 1024) throw new GgufException(GgufKeys.CODI_NUM_LATENT + " " + c.numLatent + " out of range");
        return Optional.of(c);
    }
}
