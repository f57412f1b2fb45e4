#!/usr/bin/env bash
# Runs the whole pipeline locally in one JVM (see quickstart/README.md). Builds the modules it needs first when they
# are not built yet or their sources changed. Options: ./quickstart.sh --help
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The quickstart itself, its event generator, every Connect plugin it installs on the worker's plugin.path, and the
# batch layer whose hourly and quality jobs it runs at the end (child JVMs; --no-batch skips them), the serving layer
# and the SQL job with its gateway (in the quickstart's JVM).
MODULES="quickstart,event-generator,smts,source-connectors,sink-connectors,batch,serving,ksql"
[ -d "$ROOT/eventhubs-emulator" ] && MODULES="$MODULES,eventhubs-emulator"

needs_build() {
  [ -f "$ROOT/quickstart/target/classpath.txt" ] || return 0
  local module
  for module in ${MODULES//,/ }; do
    [ -d "$ROOT/$module/target" ] || return 0
    # Rebuild when a source or pom is newer than the module's last build.
    if [ -n "$(find "$ROOT/$module/src" "$ROOT/$module/pom.xml" -newer "$ROOT/$module/target" -print -quit 2>/dev/null)" ]; then
      return 0
    fi
  done
  return 1
}

if needs_build; then
  echo "Building $MODULES (mvn -q -DskipTests install; the first build downloads dependencies) ..."
  (cd "$ROOT" && mvn -q -B -DskipTests install -pl "$MODULES" -am)
  for module in ${MODULES//,/ }; do touch "$ROOT/$module/target"; done
fi

DATA_DIR="lakehouse"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --data-dir) DATA_DIR="${args[$((i + 1))]:-lakehouse}" ;;
    --data-dir=*) DATA_DIR="${args[$i]#--data-dir=}" ;;
  esac
done
mkdir -p "$DATA_DIR/_runtime"
LOG="$(cd "$DATA_DIR/_runtime" && pwd)/quickstart.log"
echo "Component logs: $LOG"

exec java ${QUICKSTART_JAVA_OPTS:--Xmx3g} \
  -Dmedallion.project.dir="$ROOT" \
  -Dquickstart.log="$LOG" \
  -Dlog4j2.configurationFile=classpath:quickstart-log4j2.properties \
  -cp "$ROOT/quickstart/target/classes:$(cat "$ROOT/quickstart/target/classpath.txt")" \
  dev.medallion.quickstart.LocalPipeline "$@"
