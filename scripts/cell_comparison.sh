#!/usr/bin/env bash
# Chapter 12's LSTM-vs-GRU comparison, measured: for one project, each cell and each seed, the rnn4j train
# command and then the PyTorch reference with the same cell and seed, back to back on this machine, one thread
# each. Results: results/cells/<project>/ (rnn4j's JSON results files, <prefix>-<cell>-seed<s>.json, and
# PyTorch's RESULT lines, pytorch-<cell>-seed<s>.json); logs: results/cells/logs/. scripts/cell_report.py turns
# them into the README's table.
#
# Usage: scripts/cell_comparison.sh PROJECT [CELLS] [SEEDS]
#   PROJECT  sentiment | stock | text
#   CELLS    comma-separated cells (default lstm,gru,rnn)
#   SEEDS    comma-separated seeds (default 1,2,3)
# Sizes (defaults are the book's full runs, hours of CPU for sentiment and text):
#   sentiment: EPOCHS (10), MAX_TRAIN and MAX_TEST (0 = all 25,000 reviews each); BUCKET=1 gives PyTorch length
#              bucketing as rnn4j has by default (the reference's default, 0, pads every batch to its longest)
#   stock:     EPOCHS (1000; the book recipe, lr 0.01, as stock.py)
#   text:      STEPS (10000), VALIDATE_EVERY (500), EVAL_WINDOWS (PyTorch's held-out windows, 2000); RESUME=1
#              continues rnn4j's run from its checkpoint, checkpoints/cells-chargen-<cell>-seed<s>.ckpt
# Other settings: RNN4J=0 or PYTORCH=0 skips that side; JAR (default rnn-examples/target/rnn4j-examples.jar, built
# with mvn -o -q -B -DskipTests package -pl rnn-examples -am); PYTORCH_DIR (../shared/reference/pytorch); PYTHON
# (/usr/bin/python3, with torch: apt-get install -y python3-torch libopenblas0-pthread); OUT (results/cells).
# Example, a tiny smoke run: EPOCHS=2 scripts/cell_comparison.sh stock gru 1
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:?usage: $0 sentiment|stock|text [CELLS] [SEEDS]}
IFS=, read -r -a cells <<< "${2:-lstm,gru,rnn}"
IFS=, read -r -a seeds <<< "${3:-1,2,3}"
JAR=${JAR:-rnn-examples/target/rnn4j-examples.jar}
PYTHON=${PYTHON:-/usr/bin/python3}
PYTORCH_DIR=$(realpath "${PYTORCH_DIR:-../shared/reference/pytorch}")
RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}"); export RNN_DATA_HOME OMP_NUM_THREADS=1
OUT=${OUT:-results/cells}
case "$project" in
  sentiment) prefix=sentiment; script=sentiment.py ;;
  stock) prefix=stock; script=stock.py ;;
  text) prefix=chargen; script=chargen.py ;;
  *) echo "unknown project '$project'; valid: sentiment, stock, text" >&2; exit 2 ;;
esac
for c in "${cells[@]}"; do
  case "$c" in lstm|gru|rnn) ;; *) echo "unknown cell '$c'; valid cells: lstm, gru, rnn" >&2; exit 2 ;; esac
done
[[ "${RNN4J:-1}" == 0 || -f "$JAR" ]] || { echo "no $JAR: build it with mvn -o -q -B -DskipTests package -pl rnn-examples -am" >&2; exit 2; }
[[ "${PYTORCH:-1}" == 0 ]] || "$PYTHON" -c "import torch" || { echo "$PYTHON has no torch: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 2; }
mkdir -p "$OUT/$project" "$OUT/logs" checkpoints

rnn4j() { # cell seed log
  local cell=$1 seed=$2 args=("$project" train --cell "$1" --seed "$2" --variant "$1-seed$2" --results "$OUT/$project")
  case "$project" in
    sentiment) args+=(--epochs "${EPOCHS:-10}" --max-train "${MAX_TRAIN:-0}" --max-test "${MAX_TEST:-0}") ;;
    stock) args+=(--recipe book --epochs "${EPOCHS:-1000}" --no-baseline-nn) ;;
    text) args+=(--steps "${STEPS:-10000}" --validate-every "${VALIDATE_EVERY:-500}"
                 --checkpoint-every "${VALIDATE_EVERY:-500}" --checkpoint "checkpoints/cells-chargen-$1-seed$2.ckpt")
          [[ "${RESUME:-0}" == 0 ]] || args+=(--resume) ;;
  esac
  echo "== $(date -u +%FT%TZ) rnn4j $project --cell $cell --seed $seed" | tee -a "$3"
  RNN4J_JAR="$JAR" ./rnn4j "${args[@]}" >> "$3" 2>&1  # the launcher's JVM and malloc settings
}

pytorch() { # cell seed log
  local env=(THREADS=1 CELL="$1" SEED="$2")
  case "$project" in
    sentiment) env+=(EPOCHS="${EPOCHS:-10}" MAX_TRAIN="${MAX_TRAIN:-0}" MAX_TEST="${MAX_TEST:-0}" BUCKET="${BUCKET:-0}") ;;
    stock) env+=(EPOCHS="${EPOCHS:-1000}" LR=0.01) ;;
    text) env+=(STEPS="${STEPS:-10000}" EVAL_WINDOWS="${EVAL_WINDOWS:-2000}") ;;
  esac
  echo "== $(date -u +%FT%TZ) pytorch $script ${env[*]}" | tee -a "$3"
  (cd "$PYTORCH_DIR" && env "${env[@]}" "$PYTHON" "$script") >> "$3" 2>&1
  grep '^RESULT ' "$3" | tail -1 | sed 's/^RESULT //' > "$OUT/$project/pytorch-$1-seed$2.json"
}

for seed in "${seeds[@]}"; do
  for cell in "${cells[@]}"; do
    log="$OUT/logs/$project-$cell-seed$seed.log"
    [[ "$project" == text && "${RESUME:-0}" != 0 ]] || : > "$log"  # a resumed run appends to its log
    [[ "${RNN4J:-1}" == 0 ]] || rnn4j "$cell" "$seed" "$log"
    [[ "${PYTORCH:-1}" == 0 ]] || pytorch "$cell" "$seed" "$log"
    echo "   done: $OUT/$project/$prefix-$cell-seed$seed.json, $OUT/$project/pytorch-$cell-seed$seed.json, $log"
  done
done
echo "== $(date -u +%FT%TZ) all done; table: python3 scripts/cell_report.py $OUT"
