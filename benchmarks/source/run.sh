#!/usr/bin/env bash
# Events/s from the in-process Event Hubs emulator into Kafka through the Medallion source connector, against the
# Azure SDK's own async consumer reading the same events in the same JVM (the ceiling). Prints both and the ratio.
# Also prints the CPU microseconds per event of each run, by thread group (SDK receive, task threads, broker, ...).
#   benchmarks/source/run.sh [events] [partitions] [tasks] [bodyBytes] [compression] [headers]
#   (defaults: 1000000 4 2 200 none on; compression = the worker producer's compression.type; headers=off leaves out
#   the four metadata headers in the connector, header.metadata.enabled=false, and in the SDK + producer peer)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl source-connectors,benchmarks/source -am package -DskipTests
CP="benchmarks/source/target/classes:$(cat benchmarks/source/target/classpath.txt)"
exec java -Xmx3g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  -Dmedallion.plugin.path="$PWD/source-connectors/target/plugin" \
  -Dlog4j2.configurationFile=benchmarks/source/src/main/resources/log4j2-bench.properties \
  dev.medallion.benchmarks.source.SourceThroughputBenchmark "$@"
