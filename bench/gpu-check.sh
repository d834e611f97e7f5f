#!/usr/bin/env bash
# The device check, run on the GPU machine in one call (see bench/gpu-prepare.sh):
# builds liblatentj with CUDA (sm_90, CUDA graphs on; libggml-cuda.so is a module beside the CPU modules in
# /tmp/lib, which lj_init loads from there), then runs GpuCheck: CUDA logits against
# transformers, CODI and CoT on the embedded model on CUDA and CPU side by side, step timings.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/gpu-out}
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
mkdir -p .jre/jre && tar xJf .jre/jre.tar.xz -C .jre/jre
rm -rf /tmp/ggml && mkdir -p /tmp/ggml && tar xJf .gpu/ggml-src.tar.xz -C /tmp/ggml
gen=""; command -v ninja >/dev/null && gen="-G Ninja"
t0=$SECONDS
# no FlashAttention kernels: the engine's attention is mul_mat + soft_max, and they would double the build
cmake -S . -B /tmp/build-cuda $gen -DLATENTJ_CUDA=ON -DGGML_CUDA_FA=OFF -DCMAKE_BUILD_TYPE=Release \
      -DGGML_SOURCE_DIR=/tmp/ggml -DLATENTJ_OUTPUT_DIR=/tmp/lib > "$OUT/cmake.log" 2>&1
cmake --build /tmp/build-cuda --parallel "$(nproc)" --target latentj > "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
echo "build: $((SECONDS - t0)) s"
.jre/jre/bin/java --enable-native-access=ALL-UNNAMED -Dlatentj.library=/tmp/lib/liblatentj.so \
  -cp .gpu/latentj.jar:.gpu/tests.jar dev.latentj.bench.GpuCheck .gpu/fixtures models/codi-gpt2-tiny-q8_0.gguf \
  .gpu/fixtures/codi-synth-dev.jsonl "${GPU_CHECK_LIMIT:-500}" | tee "$OUT/gpu-check.json"
