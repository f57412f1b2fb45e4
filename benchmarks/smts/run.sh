#!/usr/bin/env bash
# Builds the transform benchmarks and runs them single-threaded (per-core figures): first JMH (wall-clock throughput),
# then the same subjects per CPU-second of the thread (robust to other load on a shared machine). Each figure is
# printed with its ratio to the peer measured in the same run.   Usage: benchmarks/smts/run.sh [quick]
# Per CPU-second only, optionally some subjects:   benchmarks/smts/run.sh cpu [quick|full] ['subject-regex']
# Language detectors side by side (issue #14):   benchmarks/smts/run.sh languages [quick]
# Where enrichment runs (issue #12), CPU per distinct event:   benchmarks/smts/run.sh placement [duplicates=0,0.03,0.10] [events=10000] [rounds=7]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -pl benchmarks/smts -am package -DskipTests
module="$root/benchmarks/smts"
cp="$module/target/classes:$(cat "$module/target/classpath.txt")"
if [[ "${1:-}" == placement ]]; then
  shift
  exec java -Xmx1g -cp "$cp" dev.medallion.benchmarks.smts.EnrichmentPlacementBenchmark "$@"
fi
if [[ "${1:-}" == languages ]]; then
  shift
  exec java -Xmx1g -cp "$cp" dev.medallion.benchmarks.smts.LanguageDetectorComparison "$@"
fi
if [[ "${1:-}" == cpu ]]; then
  shift
  exec java -Xmx1g -cp "$cp" dev.medallion.benchmarks.smts.CpuTimeProbe "$@"
fi
java -Xmx1g -cp "$cp" dev.medallion.benchmarks.smts.BenchmarkMain "$@"
java -Xmx1g -cp "$cp" dev.medallion.benchmarks.smts.CpuTimeProbe "$@"
