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
echo "mvn -q -B -pl rnn-spark -am test: $(( $(date +%s) - start )) s wall, rnn-core's tests included (-am)" >> "$out/tests.txt"
python3 - "$out" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
with open(f"{out}/test-times.txt", "w") as f:
    for x in sorted(glob.glob("rnn-spark/target/surefire-reports/TEST-*.xml")):
        for c in ET.parse(x).getroot().iter("testcase"):
            f.write(f"{c.get('classname').split('.')[-1]}.{c.get('name')}: {float(c.get('time')):.1f} s\n")
PY

# 2. what rnn-spark adds to an application: its runtime class path (Spark provided, so absent) and its own jar,
#    against rnn-core's runtime class path and rnn-core's jar (no ND4J backend in either)
mvn -q -B -pl rnn-core,rnn-spark -am package -DskipTests > /dev/null
mvn -q -B -pl rnn-core,rnn-spark -am dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile=target/runtime-classpath.txt > /dev/null
python3 - "$out" <<'PY'
import glob, os, sys
out = sys.argv[1]
def jars(module):
    cp = open(f"{module}/target/runtime-classpath.txt").read().strip().split(os.pathsep)
    own = glob.glob(f"{module}/target/{module}-*.jar")[0]
    found = {os.path.basename(p): os.path.getsize(p) for p in cp if p.endswith(".jar")}
    found = {k: v for k, v in found.items() if not k.startswith(module + "-")}
    found[os.path.basename(own)] = os.path.getsize(own)
    return found
core, spark = jars("rnn-core"), jars("rnn-spark")
new = {k: v for k, v in spark.items() if k not in core}
gone = {k: v for k, v in core.items() if k not in spark}
mb = lambda d: sum(d.values()) / 1e6
with open(f"{out}/size.txt", "w") as f:
    f.write(f"an application on rnn-core (its jar and runtime class path, no ND4J backend): {len(core)} jars, "
            f"{mb(core):.1f} MB\n")
    f.write(f"an application on rnn-spark (its jar and runtime class path, Spark provided so absent): {len(spark)} "
            f"jars, {mb(spark):.1f} MB\n")
    f.write(f"difference: {len(spark) - len(core):+d} jars, {mb(spark) - mb(core):+.1f} MB: {len(new)} jars "
            f"({mb(new):.1f} MB) that rnn-core's lacks, {len(gone)} of rnn-core's ({mb(gone):.1f} MB) at another "
            f"version\n")
    f.write("new:\n")
    for k in sorted(new, key=lambda k: -new[k]):
        f.write(f"  {k} {new[k]/1e6:.2f} MB\n")
    f.write("replaced:\n")
    for k in sorted(gone):
        f.write(f"  {k} {gone[k]/1e6:.2f} MB\n")
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
