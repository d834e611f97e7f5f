package dev.latentj.gguf;

/**
 * Every GGUF metadata key latentj reads or writes, in one table, as llama.cpp keeps its {@code LLM_KV_NAMES}
 * (src/llama-arch.cpp): {@code general.*}, the hyper-parameters under the architecture's name
 * ({@code {arch}.*}, methods here), the tokenizer's {@code tokenizer.ggml.*} and CODI's {@code codi.*}.
 */
public final class GgufKeys {
    private GgufKeys() {}

    /** The architecture's name ("gpt2", "llama", "qwen2"), which prefixes its hyper-parameter keys. */
    public static final String GENERAL_ARCHITECTURE = "general.architecture";
    /** What the file holds; the converter writes "model". */
    public static final String GENERAL_TYPE = "general.type";
    /** The model's name, for people. */
    public static final String GENERAL_NAME = "general.name";
    /** llama.cpp's {@code llama_ftype}: the type most weights were converted to. */
    public static final String GENERAL_FILE_TYPE = "general.file_type";
    /** The version of ggml's quantized block layouts the file was written with. */
    public static final String GENERAL_QUANTIZATION_VERSION = "general.quantization_version";
    /** The alignment of the data section and the tensor offsets; 32 when absent. */
    public static final String GENERAL_ALIGNMENT = "general.alignment";

    /**
     * {@return the key of the context length the model was trained with (n_ctx_train)}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String contextLength(String arch) { return arch + ".context_length"; }

    /**
     * {@return the key of the embedding width n_embd}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String embeddingLength(String arch) { return arch + ".embedding_length"; }

    /**
     * {@return the key of the feed-forward hidden width n_ff}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String feedForwardLength(String arch) { return arch + ".feed_forward_length"; }

    /**
     * {@return the key of the number of transformer blocks n_layer}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String blockCount(String arch) { return arch + ".block_count"; }

    /**
     * {@return the key of the vocabulary size n_vocab}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String vocabSize(String arch) { return arch + ".vocab_size"; }

    /**
     * {@return the key of the number of attention (query) heads n_head}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String headCount(String arch) { return arch + ".attention.head_count"; }

    /**
     * {@return the key of the number of key/value heads n_head_kv, fewer than n_head with grouped-query attention}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String headCountKv(String arch) { return arch + ".attention.head_count_kv"; }

    /**
     * {@return the key of the width of one key head} Without it, the width is n_embd / n_head.
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String keyLength(String arch) { return arch + ".attention.key_length"; }

    /**
     * {@return the key of the width of one value head} Without it, the width is n_embd / n_head.
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String valueLength(String arch) { return arch + ".attention.value_length"; }

    /**
     * {@return the key of LayerNorm's epsilon} GPT-2 normalises with LayerNorm.
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String layerNormEpsilon(String arch) { return arch + ".attention.layer_norm_epsilon"; }

    /**
     * {@return the key of RMSNorm's epsilon} Llama and Qwen normalise with RMSNorm.
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String layerNormRmsEpsilon(String arch) { return arch + ".attention.layer_norm_rms_epsilon"; }

    /**
     * {@return the key of RoPE's base frequency theta}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String ropeFreqBase(String arch) { return arch + ".rope.freq_base"; }

    /**
     * {@return the key of the number of dimensions of each head that RoPE rotates}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String ropeDimensionCount(String arch) { return arch + ".rope.dimension_count"; }

    /**
     * {@return the key of the kind of RoPE scaling; the converter writes only "linear"}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String ropeScalingType(String arch) { return arch + ".rope.scaling.type"; }

    /**
     * {@return the key of the RoPE scaling factor: positions are divided by it}
     *
     * @param arch the value of {@link #GENERAL_ARCHITECTURE}
     */
    public static String ropeScalingFactor(String arch) { return arch + ".rope.scaling.factor"; }

    /** The prefix of every tokenizer key. */
    public static final String TOKENIZER_PREFIX = "tokenizer.ggml.";
    /** The tokenizer's kind: "gpt2" (byte-level BPE) or "llama" (SentencePiece). */
    public static final String TOKENIZER_MODEL = TOKENIZER_PREFIX + "model";
    /** The pre-tokenizer (the regex split before BPE), as llama.cpp names it, e.g. "gpt-2", "llama-bpe", "qwen2". */
    public static final String TOKENIZER_PRE = TOKENIZER_PREFIX + "pre";
    /** The vocabulary: every token's text, indexed by id. */
    public static final String TOKENIZER_TOKENS = TOKENIZER_PREFIX + "tokens";
    /** One score per token: SentencePiece's log-probabilities, which order its merges. */
    public static final String TOKENIZER_SCORES = TOKENIZER_PREFIX + "scores";
    /** One {@code llama_token_type} per token (normal, control, user-defined, byte, ...). */
    public static final String TOKENIZER_TOKEN_TYPE = TOKENIZER_PREFIX + "token_type";
    /** BPE merges in rank order, each "left right". */
    public static final String TOKENIZER_MERGES = TOKENIZER_PREFIX + "merges";
    /** The beginning-of-sequence token id. */
    public static final String TOKENIZER_BOS_ID = TOKENIZER_PREFIX + "bos_token_id";
    /** The end-of-sequence token id. */
    public static final String TOKENIZER_EOS_ID = TOKENIZER_PREFIX + "eos_token_id";
    /** The id of the token that stands for text the vocabulary cannot spell. */
    public static final String TOKENIZER_UNKNOWN_ID = TOKENIZER_PREFIX + "unknown_token_id";
    /** The padding token id. */
    public static final String TOKENIZER_PADDING_ID = TOKENIZER_PREFIX + "padding_token_id";
    /** Whether encoding a prompt puts the BOS token first. */
    public static final String TOKENIZER_ADD_BOS = TOKENIZER_PREFIX + "add_bos_token";
    /** Whether encoding a prompt puts the EOS token last. */
    public static final String TOKENIZER_ADD_EOS = TOKENIZER_PREFIX + "add_eos_token";
    /** Whether SentencePiece prepends a space to the text, as its {@code add_dummy_prefix}. */
    public static final String TOKENIZER_ADD_SPACE_PREFIX = TOKENIZER_PREFIX + "add_space_prefix";

    /** The prefix of every CODI key (latentj's own; llama.cpp has none). */
    public static final String CODI_PREFIX = "codi.";
    /** The token that starts the latent thoughts (bot = V+1 after a base vocabulary of V). */
    public static final String CODI_BOT_ID = CODI_PREFIX + "bot_token_id";
    /** The token that ends the latent thoughts (eot = V+2). */
    public static final String CODI_EOT_ID = CODI_PREFIX + "eot_token_id";
    /** CODI's padding token (pad = V). */
    public static final String CODI_PAD_ID = CODI_PREFIX + "pad_token_id";
    /** The number of continuous thoughts; 6 when absent, CODI's training default. */
    public static final String CODI_NUM_LATENT = CODI_PREFIX + "num_latent";
    /** The hidden width of the projection prj = Linear(d, prj_dim), GELU, Linear(prj_dim, d). */
    public static final String CODI_PRJ_DIM = CODI_PREFIX + "prj_dim";
    /** Whether prj ends with a LayerNorm (false when the checkpoint says prj_no_ln). */
    public static final String CODI_PRJ_LAYERNORM = CODI_PREFIX + "prj_layernorm";
    /** The epsilon of prj's LayerNorm. */
    public static final String CODI_PRJ_LAYERNORM_EPS = CODI_PREFIX + "prj_layernorm_eps";
    /** The text that introduces CODI's answer, e.g. "The answer is:". */
    public static final String CODI_ANSWER_PROMPT = CODI_PREFIX + "answer_prompt";
}
