#!/usr/bin/env bash
# The book's character model in the PyTorch reference for the full 10,000 steps (one thread), to compare its
# held-out loss with rnn4j's on the same windows: the reference scores the first EVAL_WINDOWS (2,000) windows of 40
# of the held-out 5%, each from a zero state. Appends its RESULT line to results/chargen-reference/pytorch.jsonl and
# writes those 80,001 held-out characters to target/chargen-reference/heldout-2000-windows.txt for
#   ./rnn4j text evaluate --model <checkpoint> --file target/chargen-reference/heldout-2000-windows.txt
# About 45 minutes on an idle core of this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}"); export RNN_DATA_HOME
PYTHON=${PYTHON:-/usr/bin/python3}
mkdir -p results/chargen-reference target/chargen-reference
"$PYTHON" - "$RNN_DATA_HOME/warpeace/warpeace_input.txt" target/chargen-reference/heldout-2000-windows.txt <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().lower()   # as chargen.py reads it
valid = text[int(len(text) * 0.95):]
open(sys.argv[2], "w", encoding="utf-8").write(valid[:2000 * 40 + 1])
PY
(cd "${PYTORCH_DIR:-../shared/reference/pytorch}" && THREADS=1 STEPS=${STEPS:-10000} "$PYTHON" chargen.py) \
  | tee target/chargen-reference/run.log | grep '^RESULT ' | sed 's/^RESULT //' >> results/chargen-reference/pytorch.jsonl
