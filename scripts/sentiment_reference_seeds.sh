#!/usr/bin/env bash
# The book's sentiment model in the PyTorch reference, over several seeds: what the book's own code scores on this
# machine (10 epochs, all 25,000 test reviews, one thread). Usage: scripts/sentiment_reference_seeds.sh SEED [...]
# The reference fixes torch.manual_seed(0) and its batch-shuffling random.Random(0); a copy under target/ reads both
# from SEED (SEED=0 is the reference unchanged). Each run's RESULT line, with its seed, is appended to
# results/sentiment-reference/pytorch.jsonl. About an hour per seed on this 2-vCPU machine (two seeds in parallel,
# one per core, take about as long).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -gt 0 ]] || { echo "usage: $0 SEED [...]" >&2; exit 2; }
RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}"); export RNN_DATA_HOME
PYTHON=${PYTHON:-/usr/bin/python3}
mkdir -p results/sentiment-reference
for s in "$@"; do
  ref=target/pytorch-sentiment-seed$s && rm -rf "$ref" && mkdir -p "$ref"
  cp "${PYTORCH_DIR:-../shared/reference/pytorch}"/{sentiment.py,common.py} "$ref"/
  sed -i 's/    torch.manual_seed(0)/    SEED = int(os.environ.get("SEED", 0)); torch.manual_seed(SEED)/;
          s/    rng = random.Random(0)/    rng = random.Random(SEED)/' "$ref/sentiment.py"
  [[ $(grep -c 'SEED' "$ref/sentiment.py") -eq 2 ]] || { echo "the reference's seed lines changed; update $0" >&2; exit 1; }
  echo "== $(date -u +%FT%TZ) seed $s"
  (cd "$ref" && THREADS=1 SEED="$s" "$PYTHON" sentiment.py) | tee "$ref/run.log" | grep '^RESULT ' \
    | sed "s/^RESULT {/{\"seed\": $s, /" >> results/sentiment-reference/pytorch.jsonl
done
