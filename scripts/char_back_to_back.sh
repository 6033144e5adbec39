#!/usr/bin/env bash
# The character model's training step and 500-character generation, back to back with the PyTorch reference:
# PyTorch (100 steps), rnn4j (JMH CharLanguageModelBenchmark), twice, one thread each. A shorter check than
# scripts/benchmarks.sh for one workload. Usage: [CELL=gru] scripts/char_back_to_back.sh [JAR]
# (default rnn-benchmarks/target/benchmarks.jar; build it with mvn -o -q -B -DskipTests package -pl rnn-benchmarks -am).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-rnn-benchmarks/target/benchmarks.jar}
RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}"); export RNN_DATA_HOME OMP_NUM_THREADS=1
PYTHON=${PYTHON:-/usr/bin/python3}
CELL=${CELL:-lstm}   # lstm, gru or rnn: the same cell on both sides
for r in 1 2; do
  echo "== PyTorch run $r $(date -u +%H:%M:%S)"
  (cd "${PYTORCH_DIR:-../shared/reference/pytorch}" && CELL=$CELL THREADS=1 STEPS=100 EVAL_WINDOWS=64 "$PYTHON" chargen.py 2>&1 \
    | grep RESULT | python3 -c "import sys,json; d=json.loads(sys.stdin.read().split('RESULT ')[1]); print('pytorch ms_per_step', d['ms_per_step'], 'generate_500_ms', d['generate_500_ms'])")
  echo "== rnn4j JMH run $r $(date -u +%H:%M:%S)"
  java -jar "$JAR" "CharLanguageModelBenchmark" -p cell="$CELL" -f 1 -wi 1 -w 10s -i 3 -r 10s 2>&1 | grep -E "^CharLanguageModelBenchmark"
done
echo "== done $(date -u +%H:%M:%S)"
