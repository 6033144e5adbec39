#!/usr/bin/env bash
# Two builds of rnn4j against each other and against the PyTorch reference, on the same machine in one session:
# the stock epoch and the character step back to back with PyTorch (scripts/stock_back_to_back.sh,
# scripts/char_back_to_back.sh), then the sentiment epoch (JMH SentimentEpochBenchmark, full data), each for the
# BEFORE jar and then the AFTER jar. With STOCK_ONLY=1: three rounds of the JMH stock epoch, BEFORE and AFTER in
# turn (no PyTorch). Build a jar of another commit with: git worktree add /tmp/old REV && (cd /tmp/old &&
# mvn -o -q -B -DskipTests package) -> /tmp/old/rnn-benchmarks/target/benchmarks.jar.
# Usage: scripts/speed_before_after.sh BEFORE_JAR AFTER_JAR   (about 25 minutes; STOCK_ONLY=1: about 8)
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: scripts/speed_before_after.sh BEFORE_JAR AFTER_JAR}
after=${2:?usage: scripts/speed_before_after.sh BEFORE_JAR AFTER_JAR}
RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}"); export RNN_DATA_HOME OMP_NUM_THREADS=1
if [ "${STOCK_ONLY:-0}" = 1 ]; then
  for r in 1 2 3; do
    for j in "$before" "$after"; do
      echo "#### stock $j round $r $(date -u +%T)"
      java -jar "$j" "StockBenchmark.trainEpoch" -f 1 -wi 2 -w 10s -i 5 -r 10s 2>&1 | grep -E "^StockBenchmark"
    done
  done
else
  for j in "$before" "$after"; do echo "#### stock $j $(date -u +%T)"; scripts/stock_back_to_back.sh "$j"; done
  for j in "$before" "$after"; do echo "#### char $j $(date -u +%T)"; scripts/char_back_to_back.sh "$j"; done
  for j in "$before" "$after"; do
    echo "#### sentiment epoch $j $(date -u +%T)"
    java -jar "$j" SentimentEpochBenchmark 2>&1 | grep -E "^SentimentEpoch|Iteration"
  done
fi
echo "#### done $(date -u +%T)"
