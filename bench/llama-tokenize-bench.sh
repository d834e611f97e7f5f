#!/usr/bin/env bash
# Times llama.cpp's llama-tokenize on the GSM8K test questions (joined with "\n", the same string as
# TokenizerBench.concatenated). llama-tokenize reports no timing, so the tokenization time is
# (wall time on the questions) - (wall time on a 1-byte file): vocab loading and process start cancel out.
# Best of N runs each. Usage: bench/llama-tokenize-bench.sh LLAMA_TOKENIZE_BIN [N]
set -euo pipefail
BIN=${1:?path to llama-tokenize}
N=${2:-7}
VOCAB_DIR=${LATENTJ_VOCAB_DIR:-$HOME/.cache/latentj/llama.cpp/models}
WORK=$(mktemp -d)
python3 - "$WORK" <<'PY'
import json, sys
qs = [json.loads(l)["question"] for l in open("/work/shared/data/gsm8k/test.jsonl") if l.strip()]
open(sys.argv[1] + "/q.txt", "w").write("\n".join(qs))
open(sys.argv[1] + "/x.txt", "w").write("x")
PY
BYTES=$(wc -c < "$WORK/q.txt")
best() { # best wall time in ms of N runs of: $BIN -m $1 -f $2
  local b=999999
  for _ in $(seq "$N"); do
    local t0 t1
    t0=$(date +%s%N)
    "$BIN" -m "$1" -f "$2" --ids --no-bos --no-escape --log-disable > "$WORK/out.txt" 2>/dev/null
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    (( ms < b )) && b=$ms
  done
  echo "$b"
}
for v in gpt-2 llama-bpe qwen2 llama-spm; do
  g="$VOCAB_DIR/ggml-vocab-$v.gguf"
  full=$(best "$g" "$WORK/q.txt")
  ntok=$(tr ',' '\n' < "$WORK/out.txt" | grep -c '[0-9]')
  base=$(best "$g" "$WORK/x.txt")
  tok=$(( full - base ))
  python3 -c "import sys; b,t=$BYTES,$tok; print(f'$v: {b} bytes, $ntok tokens, total {$full} ms, load-only {$base} ms, tokenize {t} ms = {b/1e6/(t/1e3):.2f} MB/s')"
done
rm -rf "$WORK"
