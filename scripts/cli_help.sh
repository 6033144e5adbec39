#!/usr/bin/env bash
# Rewrites the "Every command's --help" part of docs/cli.md (between the cli-help markers) from the code:
# the --help of every rnn4j command, as ./rnn4j prints it. Rnn4jCliTest fails when that part is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
blocks=$(mktemp)
for cmd in "" sentiment "sentiment train" "sentiment evaluate" "sentiment predict" stock "stock train" \
    "stock evaluate" "stock forecast" text "text train" "text generate" "text evaluate"; do
  echo
  echo "\`rnn4j${cmd:+ $cmd} --help\`:"
  echo
  echo '```text'
  # shellcheck disable=SC2086
  ./rnn4j $cmd --help
  echo '```'
done > "$blocks"
python3 - "$blocks" <<'PY'
import os, sys
start, end = "<!-- cli-help:start -->", "<!-- cli-help:end -->"
readme = open("docs/cli.md", encoding="utf-8").read()
i, j = readme.index(start) + len(start), readme.index(end)
new = readme[:i] + "\n" + open(sys.argv[1], encoding="utf-8").read() + "\n" + readme[j:]
with open("docs/cli.md.tmp", "w", encoding="utf-8") as f:
    f.write(new)
os.replace("docs/cli.md.tmp", "docs/cli.md")
PY
rm -f "$blocks"
