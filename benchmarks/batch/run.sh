#!/usr/bin/env bash
# A bronze table of N rows written by the Delta sink's task in commits of C rows, then the design's example query
# (a week of dates + event_type = 'purchase') before and after OPTIMIZE ZORDER, all in one run.
# Usage: benchmarks/batch/run.sh [rows (default 1000000)] [rows per commit (default 2000)] [dir (default a temp dir)]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rows="${1:-1000000}"
per_commit="${2:-2000}"
dir="${3:-$(mktemp -d -t batch-bench-XXXXXX)}"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks/batch -am package -DskipTests)
fi
echo "lakehouse: $dir"
java -Xmx2g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.medallion.benchmarks.batch.BronzeTableWriter "$dir" "$rows" "$per_commit"
batch_jar=$(ls "$root"/batch/target/medallion-batch-*.jar | grep -v -e sources -e tests | head -1)
logstore_jar=$(ls "$root"/delta-logstore/target/medallion-delta-logstore-*.jar | grep -v -e sources -e tests | head -1)
opens=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
java -Xmx2g "${opens[@]}" \
  -cp "$here/target/classes:$batch_jar:$logstore_jar:$(cat "$root/batch/target/spark-classpath.txt")" \
  dev.medallion.benchmarks.batch.ZOrderQueryBenchmark "$(cd "$dir" && pwd)/bronze/events" \
  2026-10-08 2026-10-15 purchase
