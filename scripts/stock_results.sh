#!/usr/bin/env bash
# Regenerates the committed stock results (results/stock-*.json and PNGs), one run after another, with one
# OMP thread each. Build first: mvn -o -q -B -DskipTests package -pl rnn-examples -am
# Runs from a frozen copy of the CLI (target/frozen-stock) so rebuilding during the runs changes nothing.
# Takes about 6-10 minutes on a 2-vCPU machine (2026-12-03, DirectRegressorStep: two 1,000-epoch runs of about
# 2-3 minutes each).
set -euo pipefail
cd "$(dirname "$0")/.."
export RNN_DATA_HOME="${RNN_DATA_HOME:-../shared/data}" OMP_NUM_THREADS=1
rm -rf target/frozen-stock && mkdir -p target/frozen-stock
cp -r rnn-examples/target/rnn4j-examples.jar rnn-examples/target/lib target/frozen-stock/
run() { echo "== $(date -u +%FT%TZ) stock train $*"; nice -n 10 java -Xmx4g -jar target/frozen-stock/rnn4j-examples.jar stock train "$@"; }
# best recipe (chosen on the 2022 validation slice), 3 seeds; the 5-step forecast with the same recipe
for s in 1 2 3; do run --recipe best --seed "$s" --no-baseline-nn; done
run --recipe best --horizon 5 --seed 1 --no-baseline-nn
# the book's configuration with the printed book's and the notebook's learning rates (1,000 epochs each),
# with the naive baselines and the chapter-6 network in the same file
run
run --lr 0.003
echo "== $(date -u +%FT%TZ) done"
