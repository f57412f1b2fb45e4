#!/usr/bin/env bash
# Builds the transform benchmarks and runs them single-threaded (per-core figures), printing each figure with its
# ratio to the peer measured in the same run.  Usage: benchmarks/smts/run.sh [quick]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -pl benchmarks/smts -am package -DskipTests
module="$root/benchmarks/smts"
exec java -Xmx1g -cp "$module/target/classes:$(cat "$module/target/classpath.txt")" \
  dev.medallion.benchmarks.smts.BenchmarkMain "$@"
