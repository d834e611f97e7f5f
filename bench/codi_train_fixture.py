#!/usr/bin/python3
"""Makes java-src/test/resources/dev/latentj/train/codi-gpt2-tiny-train.json, the PyTorch reference that
TrainGradientTest holds CODI training to. It runs bench/codi_train_reference.py (float64, CPU; Debian's
python3-torch 1.13 is enough, no transformers) and adds each example's text, so the test can check the token
layout as well.

Usage (from the repository root, after `mvn package`; about 10 minutes on 2 cores, most of it tokenizing):
  bench/codi_train_fixture.py ../shared/fixtures bin/latentj models/codi-gpt2-tiny-q8_0.gguf [REFERENCE.json]
REFERENCE.json, when given, is an earlier output of codi_train_reference.py with the same arguments, reused.
"""
import json, os, subprocess, sys, tempfile

FIX, LJ, TOKF = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
train = f"{FIX}/synth/codi-synth-train-sample.jsonl"
out = os.path.join(here, "..", "java-src/test/resources/dev/latentj/train/codi-gpt2-tiny-train.json")

if len(sys.argv) > 4:
    ref = json.load(open(sys.argv[4]))
else:
    with tempfile.TemporaryDirectory() as tmp:
        raw = f"{tmp}/reference.json"
        subprocess.run([sys.executable, f"{here}/codi_train_reference.py", f"{FIX}/codi-gpt2-tiny", train, LJ, TOKF, raw], check=True)
        ref = json.load(open(raw))

rows = [json.loads(l) for l in open(train)]
enc = lambda s: json.loads(subprocess.run([LJ, "tokenize", "-m", TOKF, "--no-bos", "--json", s], capture_output=True,
                                          text=True, check=True).stdout)["ids"]
text = lambda r: {"question": r["question"], "cot": r["cot"], "answer": r["answer"]}
for e, r in zip(ref["examples"], rows[:4]):
    e.update(text(r))
for e in ref["batch2"]["examples"]:  # the pair came from rows[4:400]: find each by its question's tokens
    e.update(text(next(r for r in rows[4:400] if enc(r["question"]) == e["q"])))
ref["command"] = "bench/codi_train_fixture.py ../shared/fixtures bin/latentj models/codi-gpt2-tiny-q8_0.gguf"
ref["torch"] = subprocess.run([sys.executable, "-c", "import torch; print(torch.__version__)"], capture_output=True,
                              text=True).stdout.strip()
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump(ref, f, separators=(",", ":"))
    f.write("\n")
print(out)
