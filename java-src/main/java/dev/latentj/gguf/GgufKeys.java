package dev.latentj.gguf;

/**
 * Every GGUF metadata key latentj reads or writes, in one table, as llama.cpp keeps its {@code LLM_KV_NAMES}
 * (src/llama-arch.cpp): {@code general.*}, the hyper-parameters under the architecture's name
 * ({@code {arch}.*}, methods here), the tokenizer's {@code tokenizer.ggml.*} and CODI's {@code codi.*}.
 */
public final class GgufKeys {
    private GgufKeys() {}

    public static final String GENERAL_ARCHITECTURE = "general.architecture";
    public static final String GENERAL_TYPE = "general.type";
    public static final String GENERAL_NAME = "general.name";
    public static final String GENERAL_FILE_TYPE = "general.file_type";
    public static final String GENERAL_QUANTIZATION_VERSION = "general.quantization_version";
    public static final String GENERAL_ALIGNMENT = "general.alignment";

    public static String contextLength(String arch) { return arch + ".context_length"; }

    public static String embeddingLength(String arch) { return arch + ".embedding_length"; }

    public static String feedForwardLength(String arch) { return arch + ".feed_forward_length"; }

    public static String blockCount(String arch) { return arch + ".block_count"; }

    public static String vocabSize(String arch) { return arch + ".vocab_size"; }

    public static String headCount(String arch) { return arch + ".attention.head_count"; }

    public static String headCountKv(String arch) { return arch + ".attention.head_count_kv"; }

    public static String keyLength(String arch) { return arch + ".attention.key_length"; }

    public static String valueLength(String arch) { return arch + ".attention.value_length"; }

    /** LayerNorm's epsilon (GPT-2). */
    public static String layerNormEpsilon(String arch) { return arch + ".attention.layer_norm_epsilon"; }

    /** RMSNorm's epsilon (Llama, Qwen). */
    public static String layerNormRmsEpsilon(String arch) { return arch + ".attention.layer_norm_rms_epsilon"; }

    public static String ropeFreqBase(String arch) { return arch + ".rope.freq_base"; }

    public static String ropeDimensionCount(String arch) { return arch + ".rope.dimension_count"; }

    public static String ropeScalingType(String arch) { return arch + ".rope.scaling.type"; }

    public static String ropeScalingFactor(String arch) { return arch + ".rope.scaling.factor"; }

    /** The prefix of every tokenizer key. */
    public static final String TOKENIZER_PREFIX = "tokenizer.ggml.";
    public static final String TOKENIZER_MODEL = TOKENIZER_PREFIX + "model";
    public static final String TOKENIZER_PRE = TOKENIZER_PREFIX + "pre";
    public static final String TOKENIZER_TOKENS = TOKENIZER_PREFIX + "tokens";
    public static final String TOKENIZER_SCORES = TOKENIZER_PREFIX + "scores";
    public static final String TOKENIZER_TOKEN_TYPE = TOKENIZER_PREFIX + "token_type";
    public static final String TOKENIZER_MERGES = TOKENIZER_PREFIX + "merges";
    public static final String TOKENIZER_BOS_ID = TOKENIZER_PREFIX + "bos_token_id";
    public static final String TOKENIZER_EOS_ID = TOKENIZER_PREFIX + "eos_token_id";
    public static final String TOKENIZER_UNKNOWN_ID = TOKENIZER_PREFIX + "unknown_token_id";
    public static final String TOKENIZER_PADDING_ID = TOKENIZER_PREFIX + "padding_token_id";
    public static final String TOKENIZER_ADD_BOS = TOKENIZER_PREFIX + "add_bos_token";
    public static final String TOKENIZER_ADD_EOS = TOKENIZER_PREFIX + "add_eos_token";
    public static final String TOKENIZER_ADD_SPACE_PREFIX = TOKENIZER_PREFIX + "add_space_prefix";

    /** The prefix of every CODI key (latentj's own; llama.cpp has none). */
    public static final String CODI_PREFIX = "codi.";
    public static final String CODI_BOT_ID = CODI_PREFIX + "bot_token_id";
    public static final String CODI_EOT_ID = CODI_PREFIX + "eot_token_id";
    public static final String CODI_PAD_ID = CODI_PREFIX + "pad_token_id";
    public static final String CODI_NUM_LATENT = CODI_PREFIX + "num_latent";
    public static final String CODI_PRJ_DIM = CODI_PREFIX + "prj_dim";
    public static final String CODI_PRJ_LAYERNORM = CODI_PREFIX + "prj_layernorm";
    public static final String CODI_PRJ_LAYERNORM_EPS = CODI_PREFIX + "prj_layernorm_eps";
    /** The text that introduces CODI's answer, e.g. "The answer is:". */
    public static final String CODI_ANSWER_PROMPT = CODI_PREFIX + "answer_prompt";
}
