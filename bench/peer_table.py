#!/usr/bin/env python3
"""peer_table.py NAME THREADS DIR: the ratio rows of bench/peer.sh (and bench/gpu-check.sh) for one file.

DIR holds llama-bench's `-o json` outputs as a-*.json and `latentj speed --json` outputs as b-*.json (any number of
rounds each). Prints one markdown row per test both engines ran: mean t/s of each over the rounds, and the ratio.
"""
import glob
import json
import sys


def mean(xs):
    return sum(xs) / len(xs)


def main(name, threads, work):
    a, b = {}, {}
    for p in sorted(glob.glob(f"{work}/a-*.json")):
        for r in json.load(open(p)):
            test = f"pp{r['n_prompt']}" if r["n_prompt"] > 0 else f"tg{r['n_gen']}"
            a.setdefault((test, r["n_depth"]), []).append(r["avg_ts"])
    for p in sorted(glob.glob(f"{work}/b-*.json")):
        for r in json.load(open(p))["results"]:
            b.setdefault((r["test"], r["depth"]), []).append(r["tokens_per_s"])
    for key, ta in a.items():
        if key not in b:
            continue
        test, depth = key
        label = test + (f" @ d{depth}" if depth else "")
        x, y = mean(ta), mean(b[key])
        print(f"| {name} | {threads} | {label} | {x:.2f} | {y:.2f} | {y / x:.2f} |")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[0])
    main(*sys.argv[1:])
