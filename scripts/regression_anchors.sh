#!/usr/bin/env bash
# The redesign's regression anchors: three seeded runs on the full data whose figures must not change when the
# code is reorganised. Writes results/regression-anchors/<tag>/*.json and prints the anchored figures.
# Usage: scripts/regression_anchors.sh TAG   (about 5 minutes on the 2-vCPU dev machine)
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:?usage: scripts/regression_anchors.sh TAG}
out=results/regression-anchors/$tag
mkdir -p "$out"
export RNN_DATA_HOME=${RNN_DATA_HOME:-../shared/data}
ckpt=$(mktemp -d)
./rnn4j stock train --recipe best --seed 1 --no-baseline-nn --results "$out" > "$out/stock.log" 2>&1
./rnn4j sentiment train --max-train 2000 --max-test 1000 --epochs 2 --seed 1 --results "$out" > "$out/sentiment.log" 2>&1
./rnn4j text train --steps 300 --seed 1 --validate-every 100 --checkpoint "$ckpt/text.ckpt" --results "$out" \
  > "$out/text.log" 2>&1
rm -rf "$ckpt" "$out"/*.log "$out"/*.png
python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
s = json.load(open(f"{d}/stock-best-seed1.json"))
print("stock test R²", repr(s["test"]["r2"]))
t = json.load(open(f"{d}/sentiment-book-subset.json"))
print("sentiment test accuracy", t["test"]["accuracy"], "log loss", repr(t["test"]["logLoss"]),
      "epoch losses", [e["loss"] for e in t["epochs"]])
c = json.load(open(f"{d}/chargen-1layer-300steps.json"))
print("text held-out nats by 100 steps", [h["validationLoss"] for h in c["history"]],
      "streaming", repr(c["validationStreaming"]["nats"]))
PY
