#!/usr/bin/env bash
# latentj against llama.cpp's llama-bench, side by side on the same GGUF files, threads and token counts.
#
#   bench/peer.sh [-t 1,N] [-r 2] [-p 512] [-n 128] [-d 0] [--kv f16] FILE...
#
# llama-bench is built from the same npm package as latentj's ggml (node-llama-cpp@3.21.1, unpacked by the native
# build into ~/.cache/latentj/llama.cpp), outside the tree, in $LLAMA_BUILD (default ~/.cache/latentj/llama-build);
# $LLAMA_BENCH names a ready binary instead. Per file and thread count the engines alternate A B A B (two rounds of
# -r runs each, so a drift in machine load hits both), and the table gives each engine's mean t/s and the ratio
# latentj / llama.cpp. Both use the same KV cache type (llama-bench's default, f16; latentj's own default is f32)
# and llama-bench its default flash-attention setting (auto). Files with CODI tensors, which llama.cpp refuses,
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
SRC=$CACHE/llama.cpp
LLAMA_BUILD=${LLAMA_BUILD:-$CACHE/llama-build}
LLAMA_BENCH=${LLAMA_BENCH:-$LLAMA_BUILD/bin/llama-bench}
if [ ! -x "$LLAMA_BENCH" ]; then
  [ -f "$SRC/CMakeLists.txt" ] || cmake -DLATENTJ_CACHE_DIR="$CACHE" -P native/cmake/fetch-ggml-script.cmake
  echo "peer: building llama-bench in $LLAMA_BUILD (a few minutes)" >&2
  cmake -S "$SRC" -B "$LLAMA_BUILD" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF > "$LLAMA_BUILD.cmake.log" 2>&1
  cmake --build "$LLAMA_BUILD" --target llama-bench --parallel "$(nproc)" > "$LLAMA_BUILD.build.log" 2>&1 \
    || { tail -30 "$LLAMA_BUILD.build.log" >&2; exit 1; }
fi
JAVA_RUN=(bin/latentj)
[ -f target/latentj.jar ] || mvn -q -B -ntp package -DskipTests

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "# peer: $(date -u +%FT%TZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# llama-bench -p $pp -n $tg -d $depth -r $reps -ctk $kv -ctv $kv  vs  latentj speed -p $pp -n $tg -d $depth -r $reps --kv-type $kv --steps token; A B A B"
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "error: $f not found" >&2; exit 1; }
  peer="$f"
  if "${JAVA_RUN[@]}" info -m "$f" --json 2>/dev/null | grep -q '"codi"'; then
    peer="$work/$(basename "$f" .gguf)-nocodi.gguf"
    PYTHONPATH="$SRC/gguf-py" python3 bench/gguf_drop_prefix.py "$f" "$peer" codi.
  fi
  for t in ${threads//,/ }; do
    for round in 1 2; do
      "$LLAMA_BENCH" -m "$peer" -p "$pp" -n "$tg" -d "$depth" -t "$t" -r "$reps" -ctk "$kv" -ctv "$kv" -o json \
        > "$work/a-$t-$round.json" 2> "$work/a.log" || { tail -5 "$work/a.log" >&2; exit 1; }
      "${JAVA_RUN[@]}" speed -m "$peer" -p "$pp" -n "$tg" -d "$depth" -t "$t" -r "$reps" --kv-type "$kv" --steps token --json \
        > "$work/b-$t-$round.json" 2> "$work/b.log" || { tail -5 "$work/b.log" >&2; exit 1; }
    done
    python3 - "$(basename "$f")" "$t" "$work" <<'PY'
import glob, json, sys
name, t, work = sys.argv[1], sys.argv[2], sys.argv[3]
def mean(xs): return sum(xs) / len(xs)
a, b = {}, {}
for p in sorted(glob.glob(f"{work}/a-{t}-*.json")):
    for r in json.load(open(p)):
        test = f"pp{r['n_prompt']}" if r["n_prompt"] > 0 else f"tg{r['n_gen']}"
        a.setdefault((test, r["n_depth"]), []).append(r["avg_ts"])
for p in sorted(glob.glob(f"{work}/b-{t}-*.json")):
    for r in json.load(open(p))["results"]:
        b.setdefault((r["test"], r["depth"]), []).append(r["tokens_per_s"])
for key in a:
    if key not in b: continue
    test, d = key
    label = test + (f" @ d{d}" if d else "")
    ta, tb = mean(a[key]), mean(b[key])
    print(f"| {name} | {t} | {label} | {ta:.2f} | {tb:.2f} | {tb / ta:.2f} |")
PY
  done
done | { echo "| model | threads | test | llama.cpp t/s | latentj t/s | latentj / llama.cpp |"; echo "| --- | ---: | --- | ---: | ---: | ---: |"; cat; }
