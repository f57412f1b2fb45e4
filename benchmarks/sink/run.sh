#!/usr/bin/env bash
# Delta sink vs Apache Iceberg's Kafka Connect sink: records/s on the same 1M events, one thread each.
# Usage: benchmarks/sink/run.sh [--records N] [--batch N] [--warmup N] [--sinks delta,iceberg] [--dir PATH]
#                               [--delta.KEY=VALUE ...] [--iceberg.KEY=VALUE ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks/sink -am package -DskipTests)
fi
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
exec java -Xms3g -Xmx3g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$cp" \
  dev.medallion.benchmarks.sink.SinkBenchmark "$@"
