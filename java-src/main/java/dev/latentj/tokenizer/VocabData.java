package dev.latentj.tokenizer;

import dev.latentj.gguf.GgufKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code tokenizer.ggml.*} metadata of a GGUF file, as plain data. Both import directions meet here:
 * {@link VocabLoader} reads it from a GGUF, {@link TokenizerImport} builds it from HF / llama2.c files, and
 * {@link Tokenizer#of(VocabData)} turns it into a tokenizer.
 *
 * @param model      {@code tokenizer.ggml.model}: "gpt2" (byte-level BPE) or "llama" (SentencePiece BPE)
 * @param pre        {@code tokenizer.ggml.pre}, the pre-tokenizer name; null when absent
 * @param tokens     token texts as stored (byte-level BPE: GPT-2 byte-to-unicode strings; SPM: ▁ for space)
 * @param scores     per-token scores, or null (SPM needs them)
 * @param tokenTypes per-token {@link TokenType}, or null (all normal)
 * @param merges     BPE merges "left right", rank = index; null or empty for SPM
 * @param bos        BOS id, or -1
 * @param eos        EOS id, or -1
 * @param unk        the unknown token's id, or -1
 * @param pad        the padding token's id, or -1
 * @param addBos     {@code add_bos_token}, null when absent (the tokenizer then uses llama.cpp's default)
 * @param addEos     {@code add_eos_token}, null when absent
 * @param addSpacePrefix {@code add_space_prefix}, null when absent (SPM defaults to true)
 * @param modelName  {@code general.name}, or null; only used for llama.cpp's per-model special-token quirks
 */
public record VocabData(String model, String pre, List<String> tokens, float[] scores, int[] tokenTypes,
                        List<String> merges, int bos, int eos, int unk, int pad,
                        Boolean addBos, Boolean addEos, Boolean addSpacePrefix, String modelName) {

    /**
     * Copies the lists and checks that the per-token arrays cover every token.
     *
     * @throws NullPointerException     when {@code model} or {@code tokens} is null
     * @throws IllegalArgumentException when {@code scores} or {@code tokenTypes} is shorter than {@code tokens}
     */
    public VocabData {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokens, "tokens");
        tokens = List.copyOf(tokens);
        merges = merges == null ? List.of() : List.copyOf(merges);
        if (scores != null && scores.length < tokens.size()) {
            throw new IllegalArgumentException("scores has " + scores.length + " entries for " + tokens.size() + " tokens");
        }
        if (tokenTypes != null && tokenTypes.length < tokens.size()) {
            throw new IllegalArgumentException("token_type has " + tokenTypes.length + " entries for " + tokens.size() + " tokens");
        }
    }

    /** {@return the number of tokens} */
    public int size() {
        return tokens.size();
    }

    /**
     * {@return the {@link TokenType} of token {@code id}; NORMAL when the vocabulary has no types}
     *
     * @param id a token id
     */
    public int tokenType(int id) {
        return tokenTypes == null ? TokenType.NORMAL : tokenTypes[id];
    }

    /**
     * A copy with extra tokens appended after the base vocabulary (e.g. CODI's pad/bot/eot, which follow
     * GPT-2's 50257 tokens), each with the given type and score 0.
     *
     * @param extra the texts of the new tokens, in id order
     * @param type  their {@link TokenType}
     * @return the longer vocabulary
     */
    public VocabData withAppended(List<String> extra, int type) {
        List<String> t = new ArrayList<>(tokens);
        t.addAll(extra);
        int n = t.size();
        float[] s = scores == null ? null : java.util.Arrays.copyOf(scores, n);
        int[] ty = new int[n];
        for (int i = 0; i < n; i++) ty[i] = i < tokens.size() ? tokenType(i) : type;
        return new VocabData(model, pre, t, s, ty, merges, bos, eos, unk, pad, addBos, addEos, addSpacePrefix, modelName);
    }

    /**
     * {@return a copy with other special ids}
     *
     * @param bos BOS id, or -1
     * @param eos EOS id, or -1
     * @param unk the unknown token's id, or -1
     * @param pad the padding token's id, or -1
     */
    public VocabData withSpecialIds(int bos, int eos, int unk, int pad) {
        return new VocabData(model, pre, tokens, scores, tokenTypes, merges, bos, eos, unk, pad, addBos, addEos,
                addSpacePrefix, modelName);
    }

    /**
     * {@return a copy with other add flags}
     *
     * @param addBos         {@code add_bos_token}, or null for the tokenizer's default
     * @param addEos         {@code add_eos_token}, or null
     * @param addSpacePrefix {@code add_space_prefix}, or null
     */
    public VocabData withFlags(Boolean addBos, Boolean addEos, Boolean addSpacePrefix) {
        return new VocabData(model, pre, tokens, scores, tokenTypes, merges, bos, eos, unk, pad, addBos, addEos,
                addSpacePrefix, modelName);
    }

    /**
     * Writes the {@code tokenizer.ggml.*} keys (the ones llama.cpp reads); absent fields are left out.
     *
     * @param w the file being built; it must not have these keys yet
     */
    public void writeTo(dev.latentj.gguf.GgufWriter w) {
        w.putString(GgufKeys.TOKENIZER_MODEL, model);
        if (pre != null) w.putString(GgufKeys.TOKENIZER_PRE, pre);
        w.putStringArray(GgufKeys.TOKENIZER_TOKENS, tokens);
        if (scores != null) w.putF32Array(GgufKeys.TOKENIZER_SCORES, java.util.Arrays.copyOf(scores, tokens.size()));
        if (tokenTypes != null) w.putI32Array(GgufKeys.TOKENIZER_TOKEN_TYPE, java.util.Arrays.copyOf(tokenTypes, tokens.size()));
        if (!merges.isEmpty()) w.putStringArray(GgufKeys.TOKENIZER_MERGES, merges);
        if (bos >= 0) w.putU32(GgufKeys.TOKENIZER_BOS_ID, bos);
        if (eos >= 0) w.putU32(GgufKeys.TOKENIZER_EOS_ID, eos);
        if (unk >= 0) w.putU32(GgufKeys.TOKENIZER_UNKNOWN_ID, unk);
        if (pad >= 0) w.putU32(GgufKeys.TOKENIZER_PADDING_ID, pad);
        if (addBos != null) w.putBool(GgufKeys.TOKENIZER_ADD_BOS, addBos);
        if (addEos != null) w.putBool(GgufKeys.TOKENIZER_ADD_EOS, addEos);
        if (addSpacePrefix != null) w.putBool(GgufKeys.TOKENIZER_ADD_SPACE_PREFIX, addSpacePrefix);
    }

    /**
     * {@return a copy with another pre-tokenizer}
     *
     * @param pre the pre-tokenizer's llama.cpp name, or null
     */
    public VocabData withPre(String pre) {
        return new VocabData(model, pre, tokens, scores, tokenTypes, merges, bos, eos, unk, pad, addBos, addEos,
                addSpacePrefix, modelName);
    }
}
