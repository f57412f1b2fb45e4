#!/usr/bin/env bash
# The serving API's 24-hour, 1-minute query against the same question answered by Spark SQL over the gold tables.
# Three JVMs, one run: data (Spark), API timing (serving service + in-process Kafka), Spark SQL timing + the table.
# Usage: benchmarks/serving/run.sh [repetitions (default 100)] [max events per minute and series (default 3)]
#                                  [dir (default a temp dir)]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repetitions="${1:-100}"
per_minute="${2:-3}"
dir="${3:-$(mktemp -d -t serving-bench-XXXXXX)}"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks/serving -am package -DskipTests)
fi
echo "lakehouse: $dir"
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
spark_cp="$here/target/classes:$batch_jar:$logstore_jar:$(cat "$root/batch/target/spark-classpath.txt")"
java -Xmx2g "${opens[@]}" -cp "$spark_cp" dev.medallion.benchmarks.serving.BenchmarkData \
  "$dir" "$root/connect-configs/schemas/silver_events.ddl" "$per_minute"
java -Xmx1g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.medallion.benchmarks.serving.ServingApiBenchmark "$dir" "$repetitions"
java -Xmx2g "${opens[@]}" -cp "$spark_cp" dev.medallion.benchmarks.serving.GoldQueryBenchmark "$dir" "$repetitions"
