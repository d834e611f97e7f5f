package dev.latentj.codi;

import dev.latentj.convert.CodiCheckpointConfig;
import dev.latentj.gguf.GgufException;
import dev.latentj.gguf.GgufKeys;
import dev.latentj.gguf.GgufMetadata;

import java.util.Optional;

/**
 * CODI's metadata in a GGUF (the codi.* keys): special ids, number of latent thoughts, answer prompt. Keys a
 * file lacks take the converter's defaults ({@link CodiCheckpointConfig}).
 *
 * @param botId        the beginning-of-thought token, appended to the question before the latents
 * @param eotId        the end-of-thought token, fed after the latents before the answer
 * @param padId        the pad token CODI adds to the vocabulary; -1 when the file names none
 * @param numLatent    continuous thoughts per question, 0 to 1024 (CODI's default: 6)
 * @param answerPrompt the text that introduces the answer, e.g. {@code "The answer is:"}
 */
public record CodiConfig(int botId, int eotId, int padId, int numLatent, String answerPrompt) {

    /**
     * Reads the {@code codi.*} keys.
     *
     * @param md     the file's metadata
     * @param nVocab the model's vocabulary size, which bot and eot must fall in
     * @return the settings, or empty when the file has no {@code codi.bot_token_id} (not a CODI model)
     * @throws GgufException if a key has the wrong type, bot or eot lies outside the vocabulary, or the latent count
     *                       is out of range
     */
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
