#!/usr/bin/env bash
# Times the four training workloads of the JMH suite (character step, stock epoch, sentiment step, sentiment epoch
# over the full 25,000 reviews) with two benchmark jars, one after the other, with the fork settings each jar was
# built with, and keeps JMH's JSON and the forks' environment records (peak RSS and where the memory was at the
# peak) under OUT/before and OUT/after. Used to show that a memory change cost no training speed.
#
#   scripts/jmh_training_before_after.sh BEFORE_BENCHMARKS_JAR AFTER_BENCHMARKS_JAR OUT
#   e.g. after `git worktree add /tmp/old <commit> && (cd /tmp/old && mvn -q -o -DskipTests package -pl rnn-benchmarks -am)`
#   environment: RNN_DATA_HOME (default ../shared/data), THREADS (default 1), SIDES (default "before after"),
#   BEFORE_ENV and AFTER_ENV: VAR=VALUE words set for that side's JVMs (e.g. AFTER_ENV=MALLOC_MMAP_THRESHOLD_=8388608,
#   the launcher's malloc setting since 2026-12-06)
set -euo pipefail
[ $# -eq 3 ] || { sed -n 2,10p "$0"; exit 2; }
before=$1; after=$2; out=$3
cd "$(dirname "$0")/.."
export RNN_DATA_HOME=${RNN_DATA_HOME:-../shared/data} OMP_NUM_THREADS=${THREADS:-1}
for side in ${SIDES:-before after}; do
  jar=$before; side_env=${BEFORE_ENV:-}
  if [ "$side" = after ]; then jar=$after; side_env=${AFTER_ENV:-}; fi
  mkdir -p "$out/$side/env"
  export RNN4J_BENCH_ENV_DIR=$PWD/$out/$side/env
  echo "== $(date -u +%FT%TZ) $side: $jar ${side_env}"
  # shellcheck disable=SC2086
  env $side_env java -jar "$jar" 'CharLanguageModelBenchmark.trainStep|StockBenchmark.trainEpoch|SentimentBenchmark.trainStep' \
    -p threads="$OMP_NUM_THREADS" -rf json -rff "$out/$side/jmh.json" > "$out/$side/jmh.log" 2>&1
  # shellcheck disable=SC2086
  env $side_env java -jar "$jar" SentimentEpochBenchmark -p threads="$OMP_NUM_THREADS" -rf json \
    -rff "$out/$side/jmh-sentiment-epoch.json" > "$out/$side/jmh-sentiment-epoch.log" 2>&1
  grep -hE '^(Char|Stock|Sentiment)[A-Za-z]*Benchmark\.' "$out/$side"/jmh*.log || true
done
