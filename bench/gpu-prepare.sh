#!/usr/bin/env bash
# Prepares what the GPU machine needs and cannot build or fetch itself (no Java, no network there):
# a jlinked Java runtime (.jre/), and in .gpu/ the jars, the converted arch fixtures with their
# references, the dev set, the llama-bpe vocabulary (for latentj synth), and a pruned llama.cpp source tree:
# ggml with its CPU and CUDA backends only, and of llama.cpp what llama-bench needs.
# Then: the device tool runs bench/gpu-check.sh with carry [".jre", ".gpu"].
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
GGML=${GGML:-$HOME/.cache/latentj/llama.cpp}
grep -qxF '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
[ -f .jre/jre.tar.xz ] || bash "$SHARED/gpu/make-jre.sh"
mvn -q -B -DskipTests -Dmaven.javadoc.skip=true package
mvn -q -B -Dlatentj.native.skip=true test-compile
rm -rf .gpu && mkdir -p .gpu/fixtures
cp target/latentj-cli.jar .gpu/latentj.jar   # the shaded jar: GpuCheck needs Jackson too
(cd target/test-classes && jar cf ../../.gpu/tests.jar dev/latentj/bench/GpuCheck*.class dev/latentj/testing/Numerics.class)
for a in gpt2 llama qwen2 qwen3; do
  bin/latentj convert "$SHARED/fixtures/arch-$a" -o ".gpu/fixtures/arch-$a.gguf" --type f32 -q
  cp "$SHARED/fixtures/arch-$a/reference.json" ".gpu/fixtures/arch-$a-reference.json"
done
cp "$SHARED/fixtures/synth/codi-synth-dev.jsonl" .gpu/fixtures/
cp "$GGML/models/ggml-vocab-llama-bpe.gguf" .gpu/
# every file of ggml/src, and of its backend folders only ggml-cpu and ggml-cuda; llama.cpp's library, common and
# llama-bench, with a tools/CMakeLists.txt that adds only llama-bench
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
srcs=$(cd "$GGML" && find ggml/src -mindepth 1 -maxdepth 1 \( -type f -o -name ggml-cpu -o -name ggml-cuda \))
(cd "$GGML" && cp -r --parents CMakeLists.txt LICENSE cmake include src common vendor licenses tools/llama-bench \
   ggml/CMakeLists.txt ggml/cmake ggml/include $srcs "$stage")
echo 'add_subdirectory(llama-bench)' > "$stage/tools/CMakeLists.txt"
(cd "$stage" && tar cJf - .) > .gpu/llama-src.tar.xz
du -sh .jre .gpu
