#!/usr/bin/env bash
# Opens the Flink SQL CLI (gateway mode) against the running pipeline's SQL Gateway, where every session already has
# the pipeline's tables (events_raw, events_clean, metrics_1m, metrics_1h) and functions. The CLI is the Flink 2.3.0
# one (the only version published); it runs in its own JVM and talks REST to the pipeline's 2.2.1 gateway.
#   ./ksql.sh                          # against localhost:8091 (the quickstart's gateway)
#   ./ksql.sh --endpoint host:port     # another gateway (SqlJobRunner --gateway)
#   ./ksql.sh -f queries.sql           # any other option goes to the Flink SQL CLI (-f, -i, -D key=value, ...)
# Results print as a table with the change kind of each row (+I, -U, +U, -D), like ksqlDB's EMIT CHANGES; pass
# -D sql-client.execution.result-mode=table for the interactive view. Docs: docs/sql-gateway.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENDPOINT="localhost:8091"
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --endpoint|-e) ENDPOINT="${2:?--endpoint needs host:port}"; shift 2 ;;
    --endpoint=*) ENDPOINT="${1#--endpoint=}"; shift ;;
    --help|-h) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

CLI="$ROOT/ksql/cli"
LIB="$CLI/target/lib"
if ! ls "$LIB"/flink-sql-client-*.jar >/dev/null 2>&1; then
  echo "Fetching the Flink SQL CLI and its jars with Maven into ksql/cli/target/lib (once) ..." >&2
  mvn -B -q -f "$CLI/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib >&2
fi
# The CLI reads $FLINK_CONF_DIR/config.yaml (an empty one will do) and keeps its history beside it, not in $HOME.
CONF="$CLI/target/conf"
mkdir -p "$CONF"
[[ -f "$CONF/config.yaml" ]] || : > "$CONF/config.yaml"
export FLINK_CONF_DIR="$CONF"
exec java ${KSQL_JAVA_OPTS:-} -cp "$LIB/*" org.apache.flink.table.client.SqlClient gateway \
  --endpoint "$ENDPOINT" --history "$CONF/history" -D sql-client.execution.result-mode=tableau ${ARGS[@]+"${ARGS[@]}"}
