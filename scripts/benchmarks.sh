#!/usr/bin/env bash
# Runs the rnn4j JMH suite and the PyTorch reference scripts on this machine, one after the other, and writes
# docs/benchmarks.md (rnn4j time, PyTorch time and their ratio per workload, single-request latency percentiles,
# peak RSS of both and its ratio; machine, threads, backend, native classifier, date, commit). Raw results go to results/benchmarks/.
#
#   scripts/benchmarks.sh                  # full run (15-25 minutes on a 2-vCPU machine, 2026-12-03)
#   QUICK=1 scripts/benchmarks.sh          # short run: fewer iterations, steps and epochs on both sides
#
# Environment (all optional):
#   THREADS=1            ND4J / OpenMP / torch threads (OMP_NUM_THREADS is set to the same)
#   QUICK=1              short run (see above); the report says so
#   RNN_DATA_HOME        datasets (default ../shared/data when it exists)
#   PYTORCH_DIR          the reference scripts (default ../shared/reference/pytorch)
#   PYTHON               interpreter for the references (default: python3, else /usr/bin/python3, whichever imports
#                        torch); the references are skipped when it cannot import torch
#   MVN_ARGS             extra Maven arguments, e.g. "-o" (offline) or "-Pcuda"
#   PYTORCH_FROM=DIR     take the PyTorch logs (pytorch-*.log) of an earlier run from DIR instead of running PyTorch
#   SKIP_BUILD=1         use the existing rnn-benchmarks/target/benchmarks.jar (benchmarks-cuda.jar with -Pcuda)
#   SENTIMENT_FRACTION   share of the 25,000 reviews one measured sentiment epoch goes over (default 1.0;
#                        QUICK: 0.04); the report scales the time to a full epoch
#   BENCH_NOTE           a sentence for the report, e.g. that the machine was busy
#   JMH_INCLUDE          regex of the benchmarks to run besides the sentiment epoch (default: all)
#   SKIP_SENTIMENT_EPOCH=1  leave out the sentiment epoch (the longest benchmark)
set -euo pipefail

# one function, read whole before it runs, so editing this file during a run cannot derail the run
main() {
  cd "$(dirname "$0")/.."

  THREADS=${THREADS:-1}
  QUICK=${QUICK:-0}
  OUT=results/benchmarks
  if [[ -z "${PYTHON:-}" ]]; then
    # the first interpreter that has torch: a pyenv or venv python3 on the PATH may lack Debian's python3-torch
    PYTHON=python3
    for p in python3 /usr/bin/python3; do
      if "$p" -c "import torch" 2>/dev/null; then PYTHON=$p; break; fi
    done
  fi
  PYTORCH_DIR=${PYTORCH_DIR:-../shared/reference/pytorch}
  if [[ -z "${RNN_DATA_HOME:-}" && -d ../shared/data ]]; then RNN_DATA_HOME=../shared/data; fi
  if [[ -z "${RNN_DATA_HOME:-}" ]]; then
    echo "set RNN_DATA_HOME to the directory holding imdb/, stocks/ and warpeace/" >&2; exit 2
  fi
  export RNN_DATA_HOME=$(cd "$RNN_DATA_HOME" && pwd)
  export OMP_NUM_THREADS=$THREADS
  export RNN4J_BENCH_ENV_DIR=$PWD/$OUT/env
  # rnn4j's JVMs (JMH forks inherit it) run with the launcher's malloc setting (./rnn4j, docs/memory.md); the
  # PyTorch processes with their defaults
  RNN4J_MALLOC=(env "MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-8388608}")

  if [[ "$QUICK" == 1 ]]; then
    echo "QUICK=1: short run (JMH 1 warmup + 2 x 1 s iterations; sentiment epoch on ${SENTIMENT_FRACTION:-0.04} of the"
    echo "reviews, 1 epoch; PyTorch: 20 char steps, 3 stock epochs, 1 epoch on 1,000 reviews). Not for publishing."
    JMH_OPTS=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    EPOCH_OPTS=(-f 1 -wi 0 -i 1)
    FRACTION=${SENTIMENT_FRACTION:-0.04}
    CHAR_STEPS=20; STOCK_EPOCHS=3; SENT_TRAIN=1000; LATENCY_N=100
  else
    JMH_OPTS=()
    EPOCH_OPTS=()
    FRACTION=${SENTIMENT_FRACTION:-1.0}
    CHAR_STEPS=300; STOCK_EPOCHS=30; SENT_TRAIN=0; LATENCY_N=500
  fi

  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building rnn-benchmarks/target/benchmarks.jar"
    mvn -q -B -DskipTests ${MVN_ARGS:-} package -pl rnn-benchmarks -am
  fi

  JAR=rnn-benchmarks/target/benchmarks.jar
  if [[ " ${MVN_ARGS:-} " == *" -Pcuda "* ]]; then JAR=rnn-benchmarks/target/benchmarks-cuda.jar; fi

  rm -rf "$OUT"; mkdir -p "$OUT/env"
  INCLUDE=${JMH_INCLUDE:-'org.rnn4j.benchmarks.*'}
  echo "== JMH suite (threads=$THREADS)"
  "${RNN4J_MALLOC[@]}" java -jar "$JAR" "$INCLUDE" -e SentimentEpochBenchmark -p threads="$THREADS" \
    "${JMH_OPTS[@]}" -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.log"
  if [[ "${SKIP_SENTIMENT_EPOCH:-0}" != 1 ]]; then
    echo "== JMH sentiment epoch (fraction=$FRACTION)"
    "${RNN4J_MALLOC[@]}" java -jar "$JAR" SentimentEpochBenchmark -p threads="$THREADS" \
      -p fraction="$FRACTION" "${EPOCH_OPTS[@]}" -rf json -rff "$OUT/jmh-sentiment-epoch.json" \
      | tee "$OUT/jmh-sentiment-epoch.log"
  fi

  # PyTorch references, one after the other, with the same threads
  TIME=(); if [[ -x /usr/bin/time ]]; then TIME=(/usr/bin/time -f "PEAK_RSS_KB %M"); fi
  if [[ -n "${PYTORCH_FROM:-}" ]]; then
    # an earlier run's PyTorch logs, for a rerun of rnn4j's side alone (the report says so)
    echo "== PyTorch: the logs of $PYTORCH_FROM"
    cp "$PYTORCH_FROM"/pytorch-*.log "$OUT/"
  elif "$PYTHON" -c "import torch" 2>/dev/null; then
    # job, script (a reference's name, or a path), environment
    for job in "chargen chargen STEPS=$CHAR_STEPS EVAL_WINDOWS=64" "stock stock EPOCHS=$STOCK_EPOCHS" \
               "sentiment sentiment EPOCHS=1 MAX_TRAIN=$SENT_TRAIN MAX_TEST=$([[ $QUICK == 1 ]] && echo 100 || echo 1000)" \
               "sentiment-latency sentiment EPOCHS=0 MAX_TRAIN=2000 MAX_TEST=600 PREDICT_LATENCY=$LATENCY_N" \
               "stock-latency scripts/pytorch_stock_latency.py REQUESTS=$((LATENCY_N * 10))"; do
      set -- $job; name=$1; script=$2; shift 2
      [[ "$script" == */* ]] || script=$PYTORCH_DIR/$script.py
      echo "== PyTorch $name ($*)"
      env THREADS="$THREADS" PYTORCH_DIR="$PYTORCH_DIR" "$@" "${TIME[@]}" "$PYTHON" "$script" 2>&1 \
        | tee "$OUT/pytorch-$name.log"
    done
  else
    echo "== PyTorch skipped: '$PYTHON -c \"import torch\"' failed"
  fi

  python3 scripts/benchmark_report.py --results "$OUT" --out docs/benchmarks.md --threads "$THREADS" --quick "$QUICK" \
    --note "${BENCH_NOTE:-}"
  echo "== wrote docs/benchmarks.md"
}

main "$@"
