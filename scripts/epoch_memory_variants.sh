#!/usr/bin/env bash
# The sentiment training epoch (JMH SentimentEpochBenchmark, full data, one iteration) under several variants of
# code, JVM flags and environment, in turn, ROUNDS times: each run's peak RSS, where the memory was at the peak
# (memoryAtPeak) and its time. Used for docs/memory.md's tables of JVM and malloc settings.
#
#   scripts/epoch_memory_variants.sh OUT ROUNDS 'NAME|JAR|EXTRA JVM FLAGS|VAR=VALUE ...' ...
#   e.g. scripts/epoch_memory_variants.sh results/benchmark-extras/x 2 'plain|rnn-benchmarks/target/benchmarks.jar||' \
#          'malloc8m|rnn-benchmarks/target/benchmarks.jar||MALLOC_MMAP_THRESHOLD_=8388608'
# Every run has the benchmark's own fork flags (-XX:+UseSerialGC -Xms64m -Dorg.bytedeco.javacpp.maxPhysicalBytes=0)
# and the extra ones. Environment: RNN_DATA_HOME (default ../shared/data). Logs: OUT/<round>-<name>.log.
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,10p "$0"; exit 2; }
out=$1; rounds=$2; shift 2
cd "$(dirname "$0")/.."
export RNN_DATA_HOME=$(realpath "${RNN_DATA_HOME:-../shared/data}") OMP_NUM_THREADS=1
mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for variant in "$@"; do
    IFS='|' read -r name jar flags envs <<< "$variant"
    log="$out/$round-$name.log"
    # shellcheck disable=SC2086
    env $envs java -Djmh.ignoreLock=true -jar "$jar" SentimentEpochBenchmark -i 1 -p threads=1 -jvmArgsAppend \
      "-XX:+UseSerialGC -Xms64m -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 $flags" > "$log" 2>&1
    rss=$(grep -o '"memoryAtPeak":{[^}]*}' "$log" | tail -1)
    time=$(grep -E '^SentimentEpochBenchmark' "$log" | tail -1 | awk '{print $(NF-1), $NF}')
    echo "$round $name: $rss $time"
  done
done
