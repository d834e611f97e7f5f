/**
 * Checkpoint to GGUF conversion, following llama.cpp's convert_hf_to_gguf.py.
 *
 * <p>Entry points: {@link dev.latentj.convert.CheckpointConverter#convert(java.nio.file.Path, java.nio.file.Path,
 * dev.latentj.convert.ConvertOptions)} (detects the source with {@link dev.latentj.convert.CheckpointLayout}:
 * safetensors, sharded safetensors, pytorch_model.bin or a llama2.c .bin; then plain HF vs CODI) and, for other
 * readers, {@code CheckpointConverter.convert(Map<String, SourceTensor>, HfConfig, dir, out, options)}.
 * llama2.c models go through {@link dev.latentj.convert.Llama2cSource} and {@link dev.latentj.convert.Llama2cMapping}
 * (arch llama, q/k not permuted: llama2.c already rotates interleaved pairs).
 *
 * <p>Types: {@link dev.latentj.convert.QuantTypePolicy} picks each tensor's type as llama-quantize does
 * (llama_tensor_get_type) and {@link dev.latentj.convert.GgmlQuantizer} quantises with ggml (Q8_0, Q4_0, Q4_K, Q5_K,
 * Q6_K and their fallbacks Q5_0, Q5_1).
 *
 * <p>Written keys: general.architecture, general.type ("model"), general.name, general.file_type,
 * general.quantization_version (2); {arch}.block_count, context_length, embedding_length, feed_forward_length,
 * attention.head_count, attention.head_count_kv, vocab_size; gpt2: attention.layer_norm_epsilon; llama/qwen2/qwen3:
 * attention.layer_norm_rms_epsilon, rope.freq_base, rope.dimension_count, attention.key_length/value_length (only when
 * config.json has head_dim), rope.scaling.type/factor (linear only). CODI: codi.bot_token_id, eot_token_id,
 * pad_token_id, num_latent, prj_dim (u32), codi.prj_layernorm (bool), codi.prj_layernorm_eps (f32),
 * codi.answer_prompt (string), tensors codi.prj.fc1.{weight,bias}, codi.prj.fc2.{weight,bias}, codi.prj.ln.{weight,bias}
 * (F32).
 *
 * <p>Tensor names (llama.cpp): token_embd, position_embd (gpt2), output_norm, output (absent when tied: use
 * token_embd), rope_freqs (llama3 rope), blk.N.{attn_norm, attn_qkv (gpt2), attn_q, attn_k, attn_v, attn_output,
 * attn_q_norm, attn_k_norm (qwen3), ffn_norm, ffn_gate, ffn_up, ffn_down}.{weight,bias}. Llama q/k rows are permuted
 * (ggml normal RoPE mode); qwen2/qwen3 are not (NEOX mode).
 */
package dev.latentj.convert;
