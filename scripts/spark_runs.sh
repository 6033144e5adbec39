#!/usr/bin/env bash
# Produces results/spark/ (cited by docs/spark.md): the rnn-spark tests' figures (local[2] beside the single
# machine, two executor JVMs, a killed driver resumed) with each test's time, the scaling model's inputs (parameter
# counts, one step's time), the size that rnn-spark adds to an application, and the CLI with and without --spark.
# Usage: RNN_DATA_HOME=../shared/data scripts/spark_runs.sh   (about 20 minutes on a 2-vCPU machine)
set -euo pipefail
cd "$(dirname "$0")/.."
out=results/spark
mkdir -p "$out"
export RNN_DATA_HOME="${RNN_DATA_HOME:-../shared/data}"

# 1. the module's tests (the figures they print go to tests.txt) and the scaling model's inputs
rm -f "$out/tests.txt"
rm -rf rnn-spark/target/surefire-reports
start=$(date +%s)
mvn -q -B -pl rnn-spark -am test -Drnn4j.spark.report="$PWD/$out/tests.txt" > "$out/tests.log" 2>&1
echo "mvn -q -B -pl rnn-spark -am test: $(( $(date +%s) - start )) s wall (rnn-core compiled, not tested)" >> "$out/tests.txt"
python3 - "$out" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
with open(f"{out}/test-times.txt", "w") as f:
    for x in sorted(glob.glob("rnn-spark/target/surefire-reports/TEST-*.xml")):
        for c in ET.parse(x).getroot().iter("testcase"):
            f.write(f"{c.get('classname').split('.')[-1]}.{c.get('name')}: {float(c.get('time')):.1f} s\n")
PY

# 2. what rnn-spark adds to an application: its runtime class path (Spark provided, so absent) against rnn-core's
mvn -q -B -pl rnn-core,rnn-spark -am dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile=target/runtime-classpath.txt > /dev/null
python3 - "$out" <<'PY'
import os, sys
out = sys.argv[1]
def jars(module):
    cp = open(f"{module}/target/runtime-classpath.txt").read().strip().split(os.pathsep)
    return {os.path.basename(p): os.path.getsize(p) for p in cp if p.endswith(".jar")}
core, spark = jars("rnn-core"), jars("rnn-spark")
added = {k: v for k, v in spark.items() if k not in core and not k.startswith("rnn-core")}
with open(f"{out}/size.txt", "w") as f:
    f.write(f"rnn-core runtime class path (no ND4J backend): {len(core)} jars, {sum(core.values())/1e6:.1f} MB\n")
    f.write(f"rnn-spark runtime class path (Spark provided): {len(spark)} jars, {sum(spark.values())/1e6:.1f} MB\n")
    f.write(f"added by rnn-spark: {len(added)} jars, {sum(added.values())/1e6:.1f} MB (+ rnn-spark's own classes)\n")
    for k in sorted(added, key=lambda k: -added[k]):
        f.write(f"  {k} {added[k]/1e6:.2f} MB\n")
PY

# 3. the command line, with and without --spark (local[2]), on the full data
mvn -q -B -DskipTests package > /dev/null
run() {
  local name=$1; shift
  local t0; t0=$(date +%s.%N)
  ./rnn4j "$@" > "$out/cli-$name.log" 2>&1
  printf '%s: %.1f s wall: ./rnn4j %s\n' "$name" "$(echo "$(date +%s.%N) - $t0" | bc)" "$*" >> "$out/cli.txt"
}
rm -f "$out/cli.txt"
run stock-alone stock train --recipe best --seed 1 --no-baseline-nn --results "$out" --variant best-seed1-alone
run stock-spark stock train --recipe best --seed 1 --no-baseline-nn --results "$out" --variant best-seed1-spark \
    --spark 'local[2]'
run sentiment-alone sentiment train --max-train 2000 --max-test 1000 --epochs 2 --seed 1 --results "$out" \
    --variant subset-alone
run sentiment-spark sentiment train --max-train 2000 --max-test 1000 --epochs 2 --seed 1 --results "$out" \
    --variant subset-spark --spark 'local[2]'
run text-alone text train --steps 200 --validate-every 100 --seed 1 --results "$out" --variant 200steps-alone \
    --checkpoint "$out/tmp-alone.ckpt"
run text-spark text train --steps 200 --validate-every 100 --seed 1 --results "$out" --variant 200steps-spark \
    --checkpoint "$out/tmp-spark.ckpt" --spark 'local[2]'
rm -f "$out"/tmp-*.ckpt "$out"/tmp-*.train.txt
grep -h "test: accuracy\|R² \|held-out cross-entropy\|^Spark " "$out"/cli-*.log > "$out/cli-figures.txt" || true
echo "done: $out"
