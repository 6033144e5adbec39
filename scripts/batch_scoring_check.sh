#!/usr/bin/env bash
# Batch scoring runs in constant memory: for each N given (default: 20000 200000), generates N one-line "support
# tickets", scores them with `./rnn4j sentiment predict --input FILE --output FILE.csv` under /usr/bin/time -v, and
# prints the peak RSS, the whole command's wall time and the scoring rate the command reports (texts per second,
# without the JVM start and the model load). The model is a tiny one, trained first on 2,000 generated tickets.
#
# Needs the CLI built in this tree (package, not install): mvn -o -q -B -DskipTests package
# Usage: scripts/batch_scoring_check.sh [N ...]; WORK_DIR=DIR keeps the files there (default: a temporary folder);
# RNN4J_JAVA_OPTS as for ./rnn4j (default: the serial collector, -Xms64m). docs/own-data.md has the figures of
#   scripts/batch_scoring_check.sh 20000 200000 2000000
# with today's launcher and with the launcher's -Xmx4g and G1 of 2026-12-05 (then the heap, not what the scoring
# holds, grew with the run).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
if [ ! -f rnn-examples/target/rnn4j-examples.jar ]; then
  echo "build the CLI first: mvn -o -q -B -DskipTests package" >&2
  exit 1
fi
work="${WORK_DIR:-$(mktemp -d)}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000 200000)

# gen N SEED FILE LABELLED: N tickets of 4-10 words, a third of them words of the ticket's class (awk's seeded rand)
gen() {
  awk -v n="$1" -v seed="$2" -v labelled="$4" 'BEGIN {
    srand(seed)
    split("thanks great quick helpful resolved friendly fixed perfect fast happy", good, " ")
    split("slow broken refund rude waiting crash useless error never angry", bad, " ")
    split("the support ticket order my agent app was team account and again", other, " ")
    if (labelled) print "text,label"
    for (i = 0; i < n; i++) {
      g = rand() < 0.5; words = 4 + int(rand() * 7); s = ""
      for (w = 0; w < words; w++) {
        if (w == 0 || rand() < 0.33) word = g ? good[1 + int(rand() * 10)] : bad[1 + int(rand() * 10)]
        else word = other[1 + int(rand() * 12)]
        s = s (w ? " " : "") word
      }
      if (labelled) print s "," (g ? "good" : "bad"); else print s
    }
  }' > "$3"
}

gen 2000 1 "$work/train.csv" 1
./rnn4j sentiment train --train "$work/train.csv" --classes bad,good --epochs 1 --hidden 16 --embedding 16 \
  --dense 8 --save "$work/m.rnn4j" --results "$work/runs" > "$work/train.log"
grep '^test:' "$work/train.log" || true

printf '%10s %10s %14s %10s %16s\n' lines "input MB" "peak RSS MB" "wall s" "scored texts/s"
for n in "${sizes[@]}"; do
  gen "$n" 2 "$work/in-$n.txt" 0
  /usr/bin/time -v ./rnn4j sentiment predict --model "$work/m.rnn4j" --input "$work/in-$n.txt" \
    --output "$work/out-$n.csv" 2> "$work/time-$n.txt"
  rows=$(( $(wc -l < "$work/out-$n.csv") - 1 ))
  if [ "$rows" -ne "$n" ]; then
    echo "out-$n.csv has $rows rows, not $n" >&2
    exit 1
  fi
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time-$n.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {k = split($2, a, ":"); s = 0; for (i = 1; i <= k; i++) s = s * 60 + a[i];
    printf "%.1f", s}' "$work/time-$n.txt")
  rate=$(sed -n 's/.*(\([0-9,]*\) texts\/s).*/\1/p' "$work/time-$n.txt")
  mb=$(awk -v b="$(stat -c %s "$work/in-$n.txt")" 'BEGIN {printf "%.1f", b / 1e6}')
  printf '%10s %10s %14s %10s %16s\n' "$n" "$mb" "$rss" "$wall" "$rate"
done
echo "files in $work"
