#!/usr/bin/env bash
# Builds docs/user-project (a standalone application that depends on rnn-core like any user's would) against the
# rnn-core of this checkout, runs it, and reports the size of its runtime classpath.
#
#   scripts/user_project_check.sh
#
# rnn-core and the parent pom are installed into a private local repository (default /tmp/rnn4j-user-project-m2),
# which Maven fills from ~/.m2/repository through a file: mirror; ~/.m2 itself is only read, so the rnn-core
# snapshot other checkouts resolve there is left alone. Everything must already be in ~/.m2 (a build of this
# checkout puts it there; the user project needs nothing else).
#
# Environment (optional):
#   CHECK_REPO=DIR     the private local repository (kept between runs; delete it to start afresh)
#   SHARED_M2=1        install into ~/.m2 instead, offline (`mvn -o install`): faster, but it replaces the
#                      rnn-core snapshot there
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [[ "${SHARED_M2:-0}" == 1 ]]; then
  mvn_args=(-o -q -B)
else
  repo=${CHECK_REPO:-/tmp/rnn4j-user-project-m2}
  mkdir -p "$repo"
  settings="$repo/settings.xml"
  cat > "$settings" <<XML
<settings>
  <localRepository>$repo</localRepository>
  <mirrors>
    <mirror>
      <id>shared-m2</id>
      <mirrorOf>*</mirrorOf>
      <url>file://$HOME/.m2/repository</url>
    </mirror>
  </mirrors>
</settings>
XML
  mvn_args=(-q -B -s "$settings")
fi

echo "== installing rnn-core (and the parent pom) from $root"
mvn "${mvn_args[@]}" -pl rnn-core -am install -DskipTests

cd docs/user-project
echo "== building docs/user-project"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mvn "${mvn_args[@]}" package
mvn "${mvn_args[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile="$out/cp.txt"

echo "== running it (3 epochs over 40 sentences)"
# java -cp rather than exec:java, which needs exec-maven-plugin in ~/.m2 (nothing else in the build uses it);
# one OMP thread is fastest on small CPUs
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} java -cp "target/classes:$(cat "$out/cp.txt")" example.Main "$out/tiny.rnn4j"

echo "== runtime classpath of the user project (rnn-core + nd4j-native linux-x86_64 + slf4j-simple)"
tr ':' '\n' < "$out/cp.txt" > "$out/jars.txt"
jars=$(grep -c '\.jar$' "$out/jars.txt")
size=$(xargs du -cb < "$out/jars.txt" | tail -1 | cut -f1)
awk -v n="$jars" -v b="$size" 'BEGIN { printf "%d jars, %.1f MB (%d bytes)\n", n, b / 1e6, b }'
echo "largest:"
xargs du -b < "$out/jars.txt" | sort -rn | head -5 | awk '{n = split($2, p, "/"); printf "  %6.1f MB  %s\n", $1 / 1e6, p[n]}'
