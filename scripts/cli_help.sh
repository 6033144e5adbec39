#!/usr/bin/env bash
# Writes docs/cli.md: the --help of every rnn4j command, as the code prints it (Rnn4jCliTest checks it is current).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/cli.md.tmp
{
  echo "# The rnn4j command line"
  echo
  echo "Every command's \`--help\`, written by \`scripts/cli_help.sh\` from the code (a test fails when this page is"
  echo "out of date). Exit codes: 0 done, 1 unexpected error (stack trace), 2 bad usage or a bad value (one line naming"
  echo "it), 3 a missing or corrupt dataset, model or checkpoint file."
  for cmd in "" sentiment "sentiment train" "sentiment evaluate" "sentiment predict" stock "stock train" \
      "stock evaluate" "stock forecast" text "text train" "text generate"; do
    echo
    echo "## rnn4j${cmd:+ $cmd}"
    echo
    echo '```text'
    # shellcheck disable=SC2086
    ./rnn4j $cmd --help
    echo '```'
  done
} > "$out"
mv "$out" docs/cli.md
