#!/usr/bin/env bash
# Runs the serving layer (API, dashboard, Prometheus metrics) against a Kafka cluster and a lakehouse.
# Build first: mvn -B -pl serving -am package -DskipTests   (writes target/medallion-serving-*.jar and target/lib/)
# Options: serving.sh --help
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar=$(ls "$here"/target/medallion-serving-*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -1 || true)
if [ -z "$jar" ] || [ ! -d "$here/target/lib" ]; then
  echo "serving.sh: build the module first: mvn -B -pl serving -am package -DskipTests" >&2
  exit 1
fi
exec java ${SERVING_JAVA_OPTS:--Xmx512m} -Dlog4j.configurationFile="$here/log4j2.properties" -cp "$jar:$here/target/lib/*" dev.medallion.serving.ServingMain "$@"
