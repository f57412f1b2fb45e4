#!/usr/bin/env bash
# The one-command local pipeline (Event Hubs emulator -> Connect -> Flink SQL -> Delta tables under ./lakehouse).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d quickstart ]; then
  echo "Not yet: the local pipeline arrives with the quickstart issue (#7). Until then, run the tests: mvn -B verify"
  exit 0
fi
exec quickstart/run.sh "$@"
