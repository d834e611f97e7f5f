/**
 * GGUF v2/v3 files: {@link dev.latentj.gguf.GgufFile} maps and validates (every count and extent checked against the
 * file before use; malformed input raises {@link dev.latentj.gguf.GgufException}, a checked IOException, naming the
 * problem); {@link dev.latentj.gguf.GgufWriter} writes files llama.cpp loads (v3, tensors packed in insertion order,
 * each padded to general.alignment, default 32); {@link dev.latentj.gguf.GgmlType} has ggml's type ids and block sizes.
 */
package dev.latentj.gguf;
