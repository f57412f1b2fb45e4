#!/usr/bin/env bash
# Events/s from Kafka into the in-process Event Hubs emulator through the Medallion Event Hubs sink connector, against
# a plain Kafka consumer loop sending the same records with the Azure SDK's producer (the design's bridge) in the same
# JVM, before and after the connector. Prints the rates, the ratio and the CPU microseconds per event by thread group,
# and reconciles the connector's hub against Kafka (every offset delivered).
#   benchmarks/eventhubs-sink/run.sh [events] [partitions] [tasks] [bodyBytes]   (defaults: 100000 4 2 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl sink-connectors/eventhubs-sink,benchmarks/eventhubs-sink -am package -DskipTests
CP="benchmarks/eventhubs-sink/target/classes:$(cat benchmarks/eventhubs-sink/target/classpath.txt)"
exec java -Xmx2g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  -Dlog4j2.configurationFile=benchmarks/eventhubs-sink/src/main/resources/log4j2-bench.properties \
  dev.medallion.benchmarks.eventhubs.sink.SinkThroughputBenchmark "$@"
