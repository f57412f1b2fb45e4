#!/usr/bin/env bash
# Runs a batch-layer job locally on local[*]: batch/batch.sh <command> [options]   (batch/batch.sh --help)
# On a cluster submit the same jar instead:
#   spark-submit --class dev.medallion.batch.BatchMain batch/target/medallion-batch-<version>.jar <command> ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar=$(ls "$here"/target/medallion-batch-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)
if [ -z "$jar" ] || [ ! -f "$here/target/spark-classpath.txt" ]; then
  echo "Building the batch module (first run)..." >&2
  (cd "$here/.." && mvn -B -q -pl batch -am -DskipTests package >&2)
  jar=$(ls "$here"/target/medallion-batch-*.jar | grep -v -e sources -e tests | head -1)
fi
# The module openings spark-submit passes on Java 17.
opens=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
exec java ${BATCH_JAVA_OPTS:--Xmx2g} "${opens[@]}" -cp "$jar:$(cat "$here/target/spark-classpath.txt")" \
  dev.medallion.batch.BatchMain "$@"
