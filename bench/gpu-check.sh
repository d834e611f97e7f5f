#!/usr/bin/env bash
# The device check, run on the GPU machine in one call of at most 8 minutes (see bench/gpu-prepare.sh; the device
# tool carries [".jre", ".gpu"]). Builds liblatentj and llama.cpp's llama-bench on the same ggml (CUDA sm_90, CUDA
# graphs and flash-attention kernels on), then, with the time it has:
#   1. synth: the llama-3.2-1b shape in F16, Q8_0, Q4_0 (and F16 with a CODI projection), random weights;
#   2. the copy bandwidth of the card (bench/gpu_bandwidth.cu): the floor of F16 decode is weight bytes / bandwidth;
#   3. pp512 and tg128 of both engines A B A B on the three files (F16 KV cache and flash attention in both);
#   4. token, latent and soft steps (tg128, latent128, soft128) of latentj on the CODI file;
#   5. CODI on the dev set: latency per problem at batch 1, problems/s at batch 64 (the embedded model);
#   5b. CODI training: 30 steps of batch 128 from random init (time per step against PyTorch's);
#   6. GpuCheck (forward passes against transformers, CODI/CoT on CUDA and CPU), if time remains.
# Everything lands in $OUT; summary.md there has the tables RESULTS.md takes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/gpu-out}
BUDGET=${GPU_CHECK_BUDGET:-470}   # seconds, for the whole call
mkdir -p "$OUT"
t0=$SECONDS
left() { echo $((BUDGET - (SECONDS - t0))); }
stage() { echo "[$((SECONDS - t0)) s] $*" | tee -a "$OUT/stages.log"; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt" || true

mkdir -p .jre/jre && tar xJf .jre/jre.tar.xz -C .jre/jre
rm -rf /tmp/llama && mkdir -p /tmp/llama && tar xJf .gpu/llama-src.tar.xz -C /tmp/llama
gen=""; command -v ninja >/dev/null && gen="-G Ninja"
stage "build: latentj and llama-bench on one ggml"
cmake -S . -B /tmp/build-cuda $gen -DLATENTJ_CUDA=ON -DLATENTJ_NATIVE=ON -DGGML_CUDA_FA=ON -DLATENTJ_LLAMA_BENCH=ON -DCMAKE_BUILD_TYPE=Release \
      -DGGML_SOURCE_DIR=/tmp/llama -DLATENTJ_OUTPUT_DIR=/tmp/lib > "$OUT/cmake.log" 2>&1
cmake --build /tmp/build-cuda --parallel "$(nproc)" --target latentj llama-bench > "$OUT/build.log" 2>&1 \
  || { tail -40 "$OUT/build.log"; exit 1; }
LLAMA_BENCH=$(find /tmp/build-cuda -name llama-bench -type f -perm -u+x | head -1)
JAVA=(.jre/jre/bin/java --enable-native-access=ALL-UNNAMED -Dlatentj.library=/tmp/lib/liblatentj.so)
LATENTJ=("${JAVA[@]}" -jar .gpu/latentj.jar)

stage "synth: llama-3.2-1b f16, q8_0, q4_0, f16 + CODI"
mkdir -p /tmp/synth
for t in f16 q8_0 q4_0; do
  "${LATENTJ[@]}" synth --preset llama-3.2-1b --type $t -o /tmp/synth/1b-$t.gguf --vocab-dir .gpu -q &
done
"${LATENTJ[@]}" synth --preset llama-3.2-1b --type f16 --codi -o /tmp/synth/1b-f16-codi.gguf --vocab-dir .gpu -q &
wait

stage "bandwidth"
{ nvcc -O2 -o /tmp/gpu_bandwidth bench/gpu_bandwidth.cu && /tmp/gpu_bandwidth | tee "$OUT/bandwidth.json"; } || stage "bandwidth failed"

reps=3
for t in f16 q8_0 q4_0; do
  [ "$(left)" -gt 150 ] || { stage "peer $t: skipped, out of time"; continue; }
  stage "peer $t: llama-bench A, latentj B, A, B"
  f=/tmp/synth/1b-$t.gguf
  mkdir -p "$OUT/peer-$t"
  for round in 1 2; do
    "$LLAMA_BENCH" -m "$f" -p 512 -n 128 -r $reps -ngl 99 -fa 1 -ctk f16 -ctv f16 -o json > "$OUT/peer-$t/a-$round.json" 2> "$OUT/peer-$t/a.log" \
      || stage "llama-bench failed on $t: $(tail -1 "$OUT/peer-$t/a.log")"
    "${LATENTJ[@]}" speed -m "$f" --backend cuda -p 512 -n 128 -r $reps --kv-type f16 --steps token --json \
      > "$OUT/peer-$t/b-$round.json" 2> "$OUT/peer-$t/b.log" || stage "latentj speed failed on $t: $(tail -1 "$OUT/peer-$t/b.log")"
  done
done

if [ "$(left)" -gt 90 ]; then
  stage "steps: token, latent, soft on the CODI file"
  "${LATENTJ[@]}" speed -m /tmp/synth/1b-f16-codi.gguf --backend cuda -p 0 -n 128 -r $reps --kv-type f16 --json \
    > "$OUT/steps.json" 2> "$OUT/steps.log" || stage "steps failed: $(tail -1 "$OUT/steps.log")"
fi

for b in 1 64; do
  [ "$(left)" -gt 60 ] || { stage "codi dev set batch $b: skipped, out of time"; continue; }
  stage "codi dev set, batch $b"
  "${LATENTJ[@]}" bench --backend cuda --dataset .gpu/fixtures/codi-synth-dev.jsonl --modes codi --batch $b \
    --out "$OUT/codi-b$b" > "$OUT/codi-b$b.txt" 2> "$OUT/codi-b$b.log" || stage "codi batch $b failed: $(tail -1 "$OUT/codi-b$b.log")"
done

if [ "$(left)" -gt 90 ]; then
  # issue 17: time per CODI training step on the card, from random init at the fixture's shape (the embedded Q8_0
  # model gives the shape and tokenizer; its weights are replaced), batch 128 as the PyTorch run (330 s / 2,503 steps)
  stage "train: 30 steps of batch 128 from random init"
  "${LATENTJ[@]}" train codi --base models/codi-gpt2-tiny-q8_0.gguf --data .gpu/fixtures/codi-synth-dev.jsonl \
    --out /tmp/train-gpu.gguf --random-init --full --batch 128 --steps 30 --lr 2e-3 --kd-factor 1 --backend cuda --json \
    > "$OUT/train.jsonl" 2> "$OUT/train.log" || stage "train failed: $(tail -1 "$OUT/train.log")"
fi

if [ "$(left)" -gt 60 ]; then
  stage "GpuCheck"
  "${JAVA[@]}" -cp .gpu/latentj.jar:.gpu/tests.jar dev.latentj.bench.GpuCheck .gpu/fixtures models/codi-gpt2-tiny-q8_0.gguf \
    .gpu/fixtures/codi-synth-dev.jsonl "${GPU_CHECK_LIMIT:-100}" > "$OUT/gpu-check.json" || true
fi

stage "summary"
{
  echo "# gpu-check $(date -u +%FT%TZ): $(cat "$OUT/gpu.txt" 2>/dev/null)"
  echo
  echo "| model | threads | test | llama.cpp t/s | latentj t/s | latentj / llama.cpp |"
  echo "| --- | ---: | --- | ---: | ---: | ---: |"
  for t in f16 q8_0 q4_0; do
    [ -d "$OUT/peer-$t" ] && python3 bench/peer_table.py "1b-$t (CUDA)" - "$OUT/peer-$t" || true
  done
  echo
  echo "bandwidth: $(cat "$OUT/bandwidth.json" 2>/dev/null); F16 file: $(stat -c %s /tmp/synth/1b-f16.gguf) bytes"
  echo "steps: $(cat "$OUT/steps.json" 2>/dev/null | tr -d '\n ')"
  echo "train: $(wc -l < "$OUT/train.jsonl" 2>/dev/null) steps; stage times in stages.log (PyTorch: 0.132 s a step)"
  for b in 1 64; do echo "codi batch $b: $(grep -o '"latency_ms_p50":[^,]*\|"problems_per_s":[^,]*' "$OUT/codi-b$b/results.json" 2>/dev/null | paste -sd' ')"; done
} > "$OUT/summary.md" 2>&1
cat "$OUT/summary.md"
stage "done"
