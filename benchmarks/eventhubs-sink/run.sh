#!/usr/bin/env bash
# Events/s from Kafka into the in-process Event Hubs emulator through the Medallion Event Hubs sink connector, against
# a plain Kafka consumer loop sending the same records with the Azure SDK's producer (the design's bridge) in the same
# JVM: an untimed warm-up of both sides, then the two sides alternately for a number of rounds. Prints each run, the
# median and spread per side of events/s and of the sending side's CPU per event, and reconciles each connector hub
# against Kafka (every offset delivered).
#   benchmarks/eventhubs-sink/run.sh [events] [partitions] [tasks] [bodyBytes] [rounds] [warmupEvents]
#   (defaults: 100000 4 2 200 3 events/5)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl sink-connectors/eventhubs-sink,benchmarks/eventhubs-sink -am package -DskipTests
CP="benchmarks/eventhubs-sink/target/classes:$(cat benchmarks/eventhubs-sink/target/classpath.txt)"
exec java -Xmx2g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  -Dlog4j2.configurationFile=benchmarks/eventhubs-sink/src/main/resources/log4j2-bench.properties \
  dev.medallion.benchmarks.eventhubs.sink.SinkThroughputBenchmark "$@"
