#!/usr/bin/env bash
# The pipeline as separate processes on 127.0.0.1 (see cluster/README.md):
#   cluster/cluster.sh up | status | run [--events N --rate R] | drill connect-worker|taskmanager | down
# Builds what it needs the first time (the plugin zips, the emulator's standalone jar, this driver) and resolves the
# engines' class paths (Kafka + Connect, Flink) from Maven into cluster/target/*-classpath.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MVN="mvn -q -B ${CLUSTER_MVN_OPTS:-}"

missing() {
  [ -f "$ROOT/cluster/target/classpath.txt" ] || return 0
  ls "$ROOT"/smts/target/medallion-smts-*.zip "$ROOT"/source-connectors/target/medallion-eventhubs-source-*.zip \
     "$ROOT"/sink-connectors/target/medallion-delta-sink-*.zip \
     "$ROOT"/eventhubs-emulator/target/medallion-eventhubs-emulator-*-standalone.jar >/dev/null 2>&1 || return 0
  return 1
}

if missing; then
  echo "Building the plugins, the emulator and the cluster driver (mvn -DskipTests package) ..."
  (cd "$ROOT" && $MVN -DskipTests package -pl smts,source-connectors,sink-connectors,eventhubs-emulator,cluster -am)
fi
for engine in kafka flink; do
  if [ ! -s "$ROOT/cluster/target/$engine-classpath.txt" ]; then
    echo "Resolving the $engine class path (cluster/engines/$engine/pom.xml) ..."
    $MVN -f "$ROOT/cluster/engines/$engine/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$ROOT/cluster/target/$engine-classpath.txt"
  fi
done

WORK_DIR="cluster-data"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--work-dir" ] && WORK_DIR="${args[$((i + 1))]:-cluster-data}"
done
mkdir -p "$WORK_DIR/logs"

exec java ${CLUSTER_JAVA_OPTS:--Xmx1g} \
  -Dmedallion.project.dir="$ROOT" \
  -Dlog4j2.configurationFile=classpath:quickstart-log4j2.properties \
  -Dquickstart.log="$(cd "$WORK_DIR/logs" && pwd)/driver.log" \
  -cp "$ROOT/cluster/target/classes:$(cat "$ROOT/cluster/target/classpath.txt")" \
  dev.medallion.cluster.ClusterMain "$@"
