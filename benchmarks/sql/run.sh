#!/usr/bin/env bash
# Events/s through dedupe + 1-minute aggregation: Flink SQL (embedded MiniCluster) vs Kafka Streams, same run.
# Usage: benchmarks/sql/run.sh [events]   (default 1000000; run from anywhere)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
if [[ ! -f benchmarks/sql/target/classpath.txt || "${REBUILD:-0}" == "1" ]]; then
  mvn -B -q -pl benchmarks/sql -am package -DskipTests
fi
CP="benchmarks/sql/target/classes:$(cat benchmarks/sql/target/classpath.txt)"
exec java -Xmx3g ${JAVA_OPTS:-} -Dlog4j2.configurationFile="$ROOT/benchmarks/sql/log4j2.properties" \
  -cp "$CP" dev.medallion.benchmarks.sql.SqlThroughputBenchmark "${1:-1000000}"
