#!/usr/bin/env bash
# The book's stock model's training epoch, back to back with the PyTorch reference: PyTorch (EPOCHS epochs of
# stock.py, lr 0.01, its ms_per_epoch), then rnn4j (JMH StockBenchmark.trainEpoch: 8,056 windows, batch 128,
# 5 epochs per call, 2 warm-up and 5 measured 10-s iterations), three times, one thread each. A shorter check
# than scripts/benchmarks.sh for one workload.
# Usage: [CELL=gru] scripts/stock_back_to_back.sh [JAR]   (EPOCHS=100 by default)
# (default rnn-benchmarks/target/benchmarks.jar; build it with mvn -o -q -B -DskipTests package -pl rnn-benchmarks -am).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-rnn-benchmarks/target/benchmarks.jar}
RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}"); export RNN_DATA_HOME OMP_NUM_THREADS=1
PYTHON=${PYTHON:-/usr/bin/python3}
CELL=${CELL:-lstm}   # lstm, gru or rnn: the same cell on both sides
for r in 1 2 3; do
  echo "== PyTorch run $r $(date -u +%H:%M:%S)"
  (cd "${PYTORCH_DIR:-../shared/reference/pytorch}" && CELL=$CELL THREADS=1 EPOCHS=${EPOCHS:-100} LR=0.01 "$PYTHON" stock.py 2>&1 \
    | grep RESULT | python3 -c "import sys,json; d=json.loads(sys.stdin.read().split('RESULT ')[1]); print('pytorch ms_per_epoch', d['ms_per_epoch'])")
  echo "== rnn4j JMH run $r $(date -u +%H:%M:%S)"
  java -jar "$JAR" "StockBenchmark.trainEpoch" -p cell="$CELL" -f 1 -wi 2 -w 10s -i 5 -r 10s 2>&1 | grep -E "^StockBenchmark"
done
echo "== done $(date -u +%H:%M:%S)"
