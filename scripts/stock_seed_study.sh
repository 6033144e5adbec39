#!/usr/bin/env bash
# The stock project's seed study (docs/stock.md §1a): the book's configuration, 1,000 epochs, seeds 1-4, in rnn4j
# and in the PyTorch reference, one OMP thread each. Usage: scripts/stock_seed_study.sh LR [SEED ...]
# (LR 0.003 or 0.01). rnn4j writes results/stock-book-lr<LR>-seed<S>.json; the reference's RESULT lines go to
# results/stock-seed-study/pytorch-lr<LR>.jsonl. The reference takes its seed from a SEED variable in a copy
# under target/ (its own file fixes torch.manual_seed(42)); the loader's generator takes the same seed.
# Build first: mvn -o -q -B -DskipTests package -pl rnn-examples -am. About 6 minutes per seed on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
lr=${1:?usage: $0 LR [SEED ...]}; shift
if [[ $# -eq 0 ]]; then set -- 1 2 3 4; fi
RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}"); export RNN_DATA_HOME OMP_NUM_THREADS=1
PYTHON=${PYTHON:-/usr/bin/python3}
ref=target/pytorch-seeded && rm -rf "$ref" && mkdir -p "$ref" results/stock-seed-study
cp "${PYTORCH_DIR:-../shared/reference/pytorch}"/{stock.py,common.py} "$ref"/
sed -i 's/torch.manual_seed(42)/SEED = int(os.environ.get("SEED", 42)); torch.manual_seed(SEED)/;
        s/g = torch.Generator().manual_seed(0)/g = torch.Generator().manual_seed(0 if SEED == 42 else SEED)/' "$ref/stock.py"
grep -q 'SEED = int' "$ref/stock.py" || { echo "the reference's seed line changed; update this script" >&2; exit 1; }
for s in "$@"; do
  echo "== $(date -u +%FT%TZ) seed $s"
  (cd "$ref" && THREADS=1 LR="$lr" SEED="$s" "$PYTHON" stock.py) | grep '^RESULT ' | sed "s/^RESULT {/{\"seed\": $s, /" \
    >> "results/stock-seed-study/pytorch-lr$lr.jsonl"
  ./rnn4j stock train --lr "$lr" --seed "$s" --no-baseline-nn
done
