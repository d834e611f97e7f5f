#!/usr/bin/env bash
# latentj against llama.cpp's llama-bench, side by side on the same GGUF files, threads and token counts.
#
#   bench/peer.sh [-t 1,N] [-r 2] [-p 512] [-n 128] [-d 0] [--kv f16] FILE...
#
# llama-bench is built from the same npm package as latentj's ggml (node-llama-cpp@3.21.1, which the native build
# unpacks into ~/.cache/latentj/llama.cpp), outside the tree, in $LLAMA_BUILD (default ~/.cache/latentj/llama-build),
# with llama.cpp's own defaults less AMX; $LLAMA_BENCH names a ready binary instead. Per file and thread count
# the engines alternate A B A B (two rounds of -r runs each, so a drift in machine load hits both), and the table
# gives each engine's mean t/s and the ratio latentj / llama.cpp. Both use the same KV cache type (llama-bench's
# default, f16, with which both use flash attention; latentj's own default is f32). Files with CODI tensors, which llama.cpp refuses,
# are measured as a copy without them (python3 with numpy; gguf-py from the same tree). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
threads="1,$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))"; reps=2; pp=512; tg=128; depth=0; kv=f16; files=()
while [ $# -gt 0 ]; do
  case "$1" in
    -t) threads=$2; shift 2;; -r) reps=$2; shift 2;; -p) pp=$2; shift 2;; -n) tg=$2; shift 2;;
    -d) depth=$2; shift 2;; --kv) kv=$2; shift 2;;
    -h|--help) sed -n '2,13p' "$0"; exit 0;;
    -*) echo "error: unknown option $1" >&2; exit 2;;
    *) files+=("$1"); shift;;
  esac
done
[ ${#files[@]} -gt 0 ] || { echo "error: no model files (bench/peer.sh --help)" >&2; exit 2; }
threads=$(echo "$threads" | tr ',' '\n' | awk '!seen[$0]++' | paste -sd,)

CACHE=${LATENTJ_CACHE:-$HOME/.cache/latentj}
[ -f target/latentj.jar ] || mvn -q -B -ntp package -DskipTests   # its native build also unpacks $CACHE/llama.cpp
JAVA_RUN=(bin/latentj)
LLAMA_BUILD=${LLAMA_BUILD:-$CACHE/llama-build}
LLAMA_BENCH=${LLAMA_BENCH:-$LLAMA_BUILD/bin/llama-bench}
if [ ! -x "$LLAMA_BENCH" ]; then
  # llama.cpp's own build and defaults (tinyBLAS on, CPU_REPACK on), less AMX, which latentj leaves out too: in VMs
  # without AMX state its first tile instruction traps (SIGILL in tinygemm_kernel_amx)
  echo "peer: building llama-bench in $LLAMA_BUILD (minutes)" >&2
  no_amx=""; [ "$(uname -m)" = x86_64 ] && no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  cmake -S "$CACHE/llama.cpp" -B "$LLAMA_BUILD" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DCMAKE_C_FLAGS="$no_amx" -DCMAKE_CXX_FLAGS="$no_amx" \
        > "$LLAMA_BUILD.cmake.log" 2>&1
  cmake --build "$LLAMA_BUILD" --target llama-bench --parallel "$(nproc)" > "$LLAMA_BUILD.build.log" 2>&1 \
    || { tail -30 "$LLAMA_BUILD.build.log" >&2; exit 1; }
fi

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "# peer: $(date -u +%FT%TZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# llama-bench -p $pp -n $tg -d $depth -r $reps -ctk $kv -ctv $kv  vs  latentj speed -p $pp -n $tg -d $depth -r $reps --kv-type $kv --steps token; A B A B"
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "error: $f not found" >&2; exit 1; }
  peer="$f"
  if "${JAVA_RUN[@]}" info -m "$f" --json 2>/dev/null | grep -q '"codi"'; then
    peer="$work/$(basename "$f" .gguf)-nocodi.gguf"
    PYTHONPATH="$CACHE/llama.cpp/gguf-py" python3 bench/gguf_drop_prefix.py "$f" "$peer" codi.
  fi
  for t in ${threads//,/ }; do
    for round in 1 2; do
      "$LLAMA_BENCH" -m "$peer" -p "$pp" -n "$tg" -d "$depth" -t "$t" -r "$reps" -ctk "$kv" -ctv "$kv" -o json \
        > "$work/a-$round.json" 2> "$work/a.log" || { tail -5 "$work/a.log" >&2; exit 1; }
      "${JAVA_RUN[@]}" speed -m "$peer" -p "$pp" -n "$tg" -d "$depth" -t "$t" -r "$reps" --kv-type "$kv" --steps token --json \
        > "$work/b-$round.json" 2> "$work/b.log" || { tail -5 "$work/b.log" >&2; exit 1; }
    done
    python3 bench/peer_table.py "$(basename "$f")" "$t" "$work"
    rm -f "$work"/a-*.json "$work"/b-*.json
  done
done | { echo "| model | threads | test | llama.cpp t/s | latentj t/s | latentj / llama.cpp |"; echo "| --- | ---: | --- | ---: | ---: | ---: |"; cat; }
